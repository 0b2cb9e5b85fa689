from ita_xl.cli.commands import program

program()
