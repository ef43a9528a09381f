public import ArgumentParser
public import GalleyServer

/// `--log-access public|token`.
extension LogAccess: ExpressibleByArgument {}
