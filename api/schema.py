"""How the API's token authentication appears in the OpenAPI schema: an HTTP bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API key, made on the API keys page of your profile in the alliance: "
                "`Authorization: Bearer <key>` (also `Token <key>`)."
            ),
        }
