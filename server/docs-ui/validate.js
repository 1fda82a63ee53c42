// Validates an OpenAPI document (file path or URL) with @apidevtools/swagger-parser:
// structure against the OpenAPI 3 schema and every $ref. Exit code 0 when valid.
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2])
  .then((api) => {
    console.log(`valid: ${api.info.title} ${api.info.version}, ${Object.keys(api.paths).length} paths`);
  })
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
