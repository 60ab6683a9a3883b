/// `GET /docs`: interactive documentation of the API (Swagger UI over `/openapi.json`), with a
/// plain list of the endpoints for browsers that cannot load Swagger UI's script from its CDN.
enum FederationDocsPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Schema registry federation API</title>
          <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui">
            <h1>Schema registry federation API</h1>
            <p>The OpenAPI 3.1 description is at <a href="/openapi.json">/openapi.json</a>.</p>
            <ul>
              <li><code>GET /api/v1/registries</code>: the federated registries</li>
              <li><code>GET /api/v1/registries/{id}/health</code>, <code>GET /api/v1/health/all</code>: health</li>
              <li><code>GET /api/v1/registries/{id}/subjects?prefix=</code>: subjects</li>
              <li><code>GET /api/v1/schemas/find?subject=</code>: a subject in every registry</li>
              <li><code>POST /api/v1/registries/{id}/compatibility/check</code>: would a schema be accepted</li>
              <li><code>GET|PUT /api/v1/registries/{id}/compatibility/mode</code>: compatibility modes</li>
              <li><code>GET /api/v1/compatibility/overview</code>: every mode of every registry</li>
              <li><code>POST /api/v1/bulk/check-compatibility</code>: would histories pass a mode</li>
              <li><code>POST /api/v1/bulk/set-compatibility</code>: set a mode in bulk (with <code>dry_run</code>)</li>
            </ul>
          </div>
          <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
          <script>
            if (window.SwaggerUIBundle) {
              window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
            }
          </script>
        </body>
        </html>
        """
}
