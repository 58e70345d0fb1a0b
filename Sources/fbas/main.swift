import FBASCommandLine

FBASCommand.runMain()
