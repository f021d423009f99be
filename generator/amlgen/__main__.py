from amlgen.cli import main

main()
