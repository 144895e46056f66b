// Swagger UI (vendored from swagger-ui-dist by the build) over the app's own schema.
import { header } from "../lib/chrome.js";

header("docs");
window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger", deepLinking: true });
