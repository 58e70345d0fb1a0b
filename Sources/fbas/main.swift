import FBASCommandLine

FBASCommand.main()
