import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the web reader (not written yet).")
    func run() async throws { throw ValidationError("serve is not available yet") }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Build a demo archive and serve it (not written yet).")
    func run() async throws { throw ValidationError("demo is not available yet") }
}
