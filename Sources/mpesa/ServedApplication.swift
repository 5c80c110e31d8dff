import Foundation
import Logging
import NIOCore
import Platform
import ServiceLifecycle

/// Runs one service's application and turns a failure to start into a sentence naming the service and port.
struct ServedApplication: Service, CustomStringConvertible {
    let service: ServiceName
    let host: String
    let port: Int
    let application: any Service
    let logger: Logger

    var description: String { "\(service) on \(host):\(port)" }

    func run() async throws {
        do {
            // Says when draining starts and ends, so an operator can see which service holds up a shutdown.
            try await withGracefulShutdownHandler {
                try await application.run()
            } onGracefulShutdown: {
                logger.info("draining", metadata: ["service": .string(service.rawValue)])
            }
            logger.info("drained", metadata: ["service": .string(service.rawValue)])
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandFailure("port \(port) for the \(service) service is already in use; stop the other process or set \(SettingKey.port(of: service).environmentVariable)")
        } catch let error as IOError where error.errnoCode == EACCES {
            throw CommandFailure("no permission to listen on port \(port) for the \(service) service; choose a port above 1024 with \(SettingKey.port(of: service).environmentVariable)")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw CommandFailure("cannot listen on \(host): the address is not on this machine; check \(SettingKey.bindHost.environmentVariable)")
        }
    }
}
