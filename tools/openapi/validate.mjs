// Validates docs/openapi.yaml offline: against the official OpenAPI 3.1 JSON schema
// (@seriousme/openapi-schema-validator), every $ref resolves, and the house rules hold: each
// operation has a unique operationId, a summary, declared tags and its error responses, and
// every example matches its schema.
// Usage: node tools/openapi/validate.mjs [docs/openapi.yaml]   (exit 0 when valid)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const specPath = path.resolve(process.argv[2] ?? path.join(here, "../../docs/openapi.yaml"));
const text = readFileSync(specPath, "utf8");
const problems = [];

// 1. The official schema for the document's version.
let document;
try {
  document = YAML.parse(text, { prettyErrors: true });
} catch (error) {
  console.error(`${specPath}: not YAML: ${error.message}`);
  process.exit(1);
}
const validator = new Validator();
const result = await validator.validate(document);
if (!result.valid) {
  console.error(`${specPath}: does not match the OpenAPI ${validator.version} schema:`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
if (validator.version !== "3.1") problems.push(`expected OpenAPI 3.1, found ${validator.version}`);

// 2. Every $ref resolves (resolveRefs throws on a dangling one).
let spec;
try {
  spec = validator.resolveRefs();
} catch (error) {
  console.error(`${specPath}: ${error.message}`);
  process.exit(1);
}

// 3. House rules.
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const declaredTags = new Set((spec.tags ?? []).map((tag) => tag.name));
const operationIds = new Map();
let operations = 0;
for (const [route, item] of Object.entries(spec.paths ?? {})) {
  if (!route.startsWith("/api/v1/") && !["/healthz", "/readyz", "/metrics"].includes(route))
    problems.push(`${route}: API paths live under /api/v1/`);
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    ++operations;
    const where = `${method.toUpperCase()} ${route}`;
    if (!op.operationId) problems.push(`${where}: no operationId`);
    else if (operationIds.has(op.operationId))
      problems.push(`${where}: operationId ${op.operationId} also used by ${operationIds.get(op.operationId)}`);
    else operationIds.set(op.operationId, where);
    if (!op.summary) problems.push(`${where}: no summary`);
    if (!op.tags?.length) problems.push(`${where}: no tags`);
    for (const tag of op.tags ?? []) if (!declaredTags.has(tag)) problems.push(`${where}: tag ${tag} is not declared`);
    const statuses = Object.keys(op.responses ?? {});
    if (!statuses.some((s) => /^2/.test(s))) problems.push(`${where}: no success response`);
    if (!statuses.some((s) => /^[45]/.test(s) || s === "default")) problems.push(`${where}: no error responses`);
    for (const status of statuses.filter((s) => /^[45]/.test(s))) {
      const content = op.responses[status].content ?? {};
      if (!content["application/problem+json"])
        problems.push(`${where}: error ${status} is not application/problem+json`);
    }
    const templated = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const pathParams = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === "path");
    for (const name of templated)
      if (!pathParams.some((p) => p.name === name)) problems.push(`${where}: path parameter {${name}} not described`);
  }
}
if (operations === 0) problems.push("no operations");

// 4. Examples match their schemas (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const checkExample = (where, schema, example) => {
  if (!schema || example === undefined) return;
  const validate = ajv.compile(schema);
  if (!validate(example)) problems.push(`${where}: example does not match its schema: ${ajv.errorsText(validate.errors)}`);
};
const walkContent = (where, content) => {
  for (const [type, media] of Object.entries(content ?? {})) {
    checkExample(`${where} ${type}`, media.schema, media.example);
    for (const [name, ex] of Object.entries(media.examples ?? {})) checkExample(`${where} ${type} (${name})`, media.schema, ex.value);
  }
};
for (const [route, item] of Object.entries(spec.paths ?? {})) {
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    const where = `${method.toUpperCase()} ${route}`;
    walkContent(`${where} request`, op.requestBody?.content);
    for (const [status, response] of Object.entries(op.responses ?? {})) walkContent(`${where} ${status}`, response.content);
    for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) checkExample(`${where} parameter ${p.name}`, p.schema, p.example);
  }
}
for (const [name, response] of Object.entries(spec.components?.responses ?? {})) walkContent(`components/responses/${name}`, response.content);

if (problems.length) {
  console.error(`${specPath}: ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`${specPath}: valid OpenAPI ${validator.version}, ${operations} operations, house rules and examples hold`);
