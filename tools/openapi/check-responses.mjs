// Checks that what the server really sends matches docs/openapi.yaml: starts `wsis serve` on
// an ephemeral loopback port with a fresh data directory, requests every public GET operation
// without path parameters (in each of the six languages when it takes `lang`), and validates
// status, media type and body against the documented 200 response. Object schemas are
// checked strictly here (a property the spec does not list is an error), so the spec cannot
// fall behind the code.
// Usage: node tools/openapi/check-responses.mjs <path to wsis> [docs/openapi.yaml]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2];
const specPath = path.resolve(process.argv[3] ?? path.join(here, "../../docs/openapi.yaml"));
if (!binary) {
  console.error("usage: node check-responses.mjs <wsis binary> [openapi.yaml]");
  process.exit(2);
}

const validator = new Validator();
const valid = await validator.validate(YAML.parse(readFileSync(specPath, "utf8")));
if (!valid.valid) {
  console.error(`${specPath} is not valid OpenAPI; run validate.mjs`);
  process.exit(1);
}
const spec = validator.resolveRefs();

// No undocumented properties: every object schema that lists properties gets
// additionalProperties: false unless it says otherwise.
const strict = (schema) => {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === "examples" || key === "example" ? value : strict(value);
  if (out.properties && out.additionalProperties === undefined && out.unevaluatedProperties === undefined)
    out.additionalProperties = false;
  return out;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const describe = (errors) => {
  const lines = (errors ?? []).map((e) =>
    `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` ('${e.params.additionalProperty}')` : ""}`);
  return lines.slice(0, 5).join("; ") + (lines.length > 5 ? `; and ${lines.length - 5} more` : "");
};

const dataDir = mkdtempSync(path.join(tmpdir(), "wsis-openapi-"));
const portFile = path.join(dataDir, "port");
const server = spawn(binary, ["serve", "--listen", "127.0.0.1:0", "--port-file", portFile, "--data-dir", dataDir,
  "--web-root", path.join(dataDir, "no-web"), "--no-access-log", "--threads", "1", "--log-level", "error"],
  { stdio: ["ignore", "inherit", "inherit"] });
let exited = false;
server.on("exit", () => { exited = true; });
const cleanup = () => {
  if (!exited) server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
};

const failures = [];
let checked = 0;
try {
  const deadline = Date.now() + 15000;
  while (!existsSync(portFile)) {
    if (exited || Date.now() > deadline) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = readFileSync(portFile, "utf8").trim();

  for (const [route, item] of Object.entries(spec.paths)) {
    const op = item.get;
    if (!op || route.includes("{")) continue;
    // Only what an anonymous caller may read: no security requirement, or an empty one.
    const security = op.security ?? spec.security ?? [];
    if (security.length && !security.some((requirement) => Object.keys(requirement).length === 0)) continue;
    const ok = op.responses?.["200"];
    if (!ok) continue;
    const [[documentedType, media]] = Object.entries(ok.content ?? { "": {} });
    const validate = media?.schema ? ajv.compile(strict(media.schema)) : null;
    const localised = (op.parameters ?? []).some((p) => p.name === "lang");
    for (const lang of localised ? ["ar", "en", "es", "fr", "ru", "zh"] : [null]) {
      const url = `http://127.0.0.1:${port}${route}${lang ? `?lang=${lang}` : ""}`;
      const where = `GET ${route}${lang ? ` (${lang})` : ""}`;
      ++checked;
      const response = await fetch(url, { headers: { "accept-encoding": "identity" } });
      const body = await response.text();
      if (response.status !== 200) { failures.push(`${where}: status ${response.status}`); continue; }
      const type = response.headers.get("content-type") ?? "";
      if (documentedType && type !== documentedType) failures.push(`${where}: Content-Type ${type}, documented ${documentedType}`);
      if (lang && response.headers.get("content-language") !== lang)
        failures.push(`${where}: Content-Language ${response.headers.get("content-language")}`);
      for (const name of Object.keys(ok.headers ?? {}))
        if (!response.headers.has(name)) failures.push(`${where}: documented header ${name} missing`);
      if (!validate) continue;
      const value = type.includes("json") ? JSON.parse(body) : body;
      if (!validate(value)) failures.push(`${where}: ${describe(validate.errors)}`);
    }
  }
  // An unknown address answers a problem that matches the Problem schema.
  const notFound = await fetch(`http://127.0.0.1:${port}/api/v1/no-such-thing`);
  const problem = spec.components.schemas.Problem;
  const validateProblem = ajv.compile(strict(problem));
  ++checked;
  if (notFound.headers.get("content-type") !== "application/problem+json" || !validateProblem(await notFound.json()))
    failures.push(`404 answer does not match Problem: ${describe(validateProblem.errors)}`);
} catch (error) {
  failures.push(error.message);
} finally {
  cleanup();
}

if (failures.length) {
  console.error(`the server's answers differ from ${specPath}:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`${checked} live answers match ${specPath}`);
