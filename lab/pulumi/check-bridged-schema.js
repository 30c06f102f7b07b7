// Compares a bridged provider's generated schema.json with its @pulumi/NAME SDK's .d.ts, so
// that a name the lab's ProviderInfo maps wrongly fails the build instead of a Pulumi run:
// for each resource (Args, State, class), function (Args, Result), the provider config and
// the object types they name: property names, which are arrays/maps/values, which are required.
// Usage: node check-bridged-schema.js SCHEMA.json SDK_DIR --resources=A,B [--functions=f,g]
//        [--upper-types]   (the SDK capitalises object type names, e.g. a function's
//                          getCertificateCertificate is outputs.GetCertificateCertificate)
// Exit 1 on any difference. Works with the machine's Node (no dependencies).
"use strict";
const fs = require("fs");
const path = require("path");

const [schemaFile, sdkDir, ...opts] = process.argv.slice(2);
const opt = (name) => (opts.find((o) => o.startsWith(`--${name}=`)) || "=").split("=")[1].split(",").filter(Boolean);
const resources = opt("resources");
const functions = opt("functions");
const typeName = opts.includes("--upper-types") ? upper : (s) => s;
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
const PKG = schema.name || path.basename(sdkDir);
const problems = [];
let compared = 0;

// Members of a top-level `interface NAME {...}` / `class NAME ... {...}` in a .d.ts
// (a member may span lines, e.g. map types): Map name -> {optional, kind, ref}, where kind is
// array | map | value and ref the inputs./outputs. type it names, if any.
function members(file, kind, name) {
  const f = path.join(sdkDir, file);
  if (!fs.existsSync(f)) return null;
  const text = fs.readFileSync(f, "utf8");
  const head = new RegExp(`^export (declare )?${kind} ${name}\\b[^\\n]*\\{$`, "m").exec(text);
  if (!head) return null;
  const out = new Map();
  let cur = null, depth = 0;
  for (const line of text.slice(head.index + head[0].length).split("\n")) {
    if (/^}/.test(line)) break;
    if (cur === null) {
      if (!/^    (?:readonly )?[A-Za-z_][A-Za-z0-9_]*\??: /.test(line)) continue; // docs, methods, constructor
      cur = "";
    }
    cur += line.trim() + " ";
    depth += (line.match(/\{/g) || []).length - (line.match(/\}/g) || []).length;
    if (depth > 0) continue;
    const m = /^(?:readonly )?([A-Za-z_][A-Za-z0-9_]*)(\?)?: (.*);\s*$/.exec(cur);
    cur = null;
    if (!m) continue;
    let t = m[3].trim();
    const wrap = /^pulumi\.(?:Input|Output)<(.*)>$/.exec(t);
    if (wrap) t = wrap[1].trim();
    const undef = / \| undefined$/.test(t);
    t = t.replace(/ \| undefined$/, "").trim();
    const ref = /(?:inputs|outputs)\.([A-Za-z0-9]+)/.exec(t);
    const k = /\[\]$/.test(t) ? "array" : /^\{ *\[key: string\]/.test(t) ? "map" : "value";
    out.set(m[1], { optional: !!m[2] || undef, kind: k, ref: ref && ref[1] });
  }
  return out;
}

function schemaProps(props, required) {
  const out = new Map();
  for (const [k, v] of Object.entries(props || {})) {
    const ref = v.$ref || (v.items && v.items.$ref) || "";
    out.set(k, {
      optional: !(required || []).includes(k),
      kind: v.type === "array" ? "array" : v.additionalProperties ? "map" : "value",
      ref: ref ? typeName(ref.split(":").pop()) : null,
    });
  }
  return out;
}

const seenTypes = new Set();
function compare(what, sdk, sch, typesFile, checkOptional) {
  compared++;
  if (!sdk) { problems.push(`${what}: not found in the SDK`); return; }
  if (!sch) { problems.push(`${what}: not found in the schema`); return; }
  for (const [k, s] of sdk) {
    const g = sch.get(k);
    if (!g) { problems.push(`${what}.${k}: in the SDK, not in the schema`); continue; }
    if (s.kind !== g.kind) problems.push(`${what}.${k}: SDK ${s.kind}, schema ${g.kind}`);
    if (checkOptional && s.optional !== g.optional) problems.push(`${what}.${k}: SDK ${s.optional ? "optional" : "required"}, schema ${g.optional ? "optional" : "required"}`);
    if (s.ref && s.ref !== g.ref) problems.push(`${what}.${k}: SDK type ${s.ref}, schema type ${g.ref}`);
    if (s.ref && typesFile && !seenTypes.has(typesFile + s.ref)) {
      seenTypes.add(typesFile + s.ref);
      const t = typeByName.get(s.ref);
      compare(`${path.basename(typesFile, ".d.ts")}.${s.ref}`, members(typesFile, "interface", s.ref),
        t && schemaProps(t.properties, t.required), typesFile, checkOptional);
    }
  }
  for (const k of sch.keys()) if (!sdk.has(k) && k !== "id" && k !== "urn") problems.push(`${what}.${k}: in the schema, not in the SDK`);
}
function lower(s) { return s[0].toLowerCase() + s.slice(1); }
function upper(s) { return s[0].toUpperCase() + s.slice(1); }
const typeByName = new Map(Object.entries(schema.types || {}).map(([tok, t]) => [typeName(tok.split(":").pop()), t]));

for (const r of resources) {
  const tok = `${PKG}:index/${lower(r)}:${r}`;
  const res = schema.resources[tok];
  const file = `${lower(r)}.d.ts`;
  if (!res) { problems.push(`${tok}: missing from the schema`); continue; }
  compare(`${r}Args`, members(file, "interface", `${r}Args`), schemaProps(res.inputProperties, res.requiredInputs), "types/input.d.ts", true);
  compare(`${r}State`, members(file, "interface", `${r}State`), schemaProps(res.stateInputs && res.stateInputs.properties), "types/input.d.ts", false);
  compare(r, members(file, "class", r), schemaProps(res.properties, res.required), "types/output.d.ts", false);
}
for (const f of functions) {
  const tok = `${PKG}:index/${f}:${f}`;
  const fun = (schema.functions || {})[tok];
  const N = upper(f);
  if (!fun) { problems.push(`${tok}: missing from the schema`); continue; }
  compare(`${N}Args`, members(`${f}.d.ts`, "interface", `${N}Args`),
    schemaProps(fun.inputs && fun.inputs.properties, fun.inputs && fun.inputs.required), "types/input.d.ts", true);
  compare(`${N}Result`, members(`${f}.d.ts`, "interface", `${N}Result`),
    schemaProps(fun.outputs && fun.outputs.properties, fun.outputs && fun.outputs.required), "types/output.d.ts", false);
}
compare("ProviderArgs", members("provider.d.ts", "interface", "ProviderArgs"),
  schemaProps(schema.provider.inputProperties, schema.provider.requiredInputs), "types/input.d.ts", false);

for (const p of problems) console.log("MISMATCH " + p);
console.log(problems.length ? `${problems.length} mismatches` :
  `schema matches @pulumi/${PKG} for ${resources.concat(functions).join(", ")} and the provider config (${compared} types compared)`);
process.exit(problems.length ? 1 : 0);
