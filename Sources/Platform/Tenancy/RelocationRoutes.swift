import Hummingbird
import MPesaCore

/// `POST /internal/v1/tenants/{id}/relocation`: the tenant service drives a tier move through every service that
/// stores tenant data (see ``TenantRelocation``). Registered by ``ServiceApplication`` for services with a store.
enum RelocationRoutes {
    struct Body: Decodable {
        var phase: TenantRelocation.Phase
        var from: IsolationTier
        var to: IsolationTier
    }

    static func register(on router: ServiceRouter, relocation: TenantRelocation) {
        router.post(
            "/internal/v1/tenants/{id}/relocation",
            OperationDoc(
                summary: "Copy, finish or abort moving an organisation's data to another isolation tier (tenant service only)",
                tags: ["internal"],
                requestBody: .init(schema: .object(
                    properties: [
                        ("phase", .string(enumValues: ["copy", "finish", "abort"])), ("from", .string(enumValues: IsolationTier.allCases.map(\.rawValue))),
                        ("to", .string(enumValues: IsolationTier.allCases.map(\.rawValue))),
                    ],
                    required: ["phase", "from", "to"]
                ), "What to do"),
                responses: [
                    .init(200, "After copy: row counts and checksums of both homes", schema: .any(description: "RelocationReport")),
                    .init(204, "After finish or abort"),
                ]
            )
        ) { request, context in
            _ = try context.requireService(request, allowed: [.tenant])
            let id = context.parameters.get("id") ?? ""
            guard let tenant = try? TenantID(id) else { throw Problem.notFound("No organisation \(id.prefix(64))") }
            let body = try await context.requestDecoder.decode(Body.self, from: request, context: context)
            guard body.from != body.to else { throw Problem.badRequest("from and to are the same tier") }
            switch body.phase {
            case .copy:
                return try Response.json(try await relocation.copy(tenant, from: body.from, to: body.to))
            case .finish:
                try await relocation.finish(tenant, from: body.from, to: body.to)
                return .noContent()
            case .abort:
                try await relocation.abort(tenant, from: body.from, to: body.to)
                return .noContent()
            }
        }
    }
}
