#!/usr/bin/env node
// Runs Amazon's APL validator (apl-suggester) over documents given as JSON on stdin:
//   [{"name": "mantra", "document": {...}, "datasources": {...}}, ...]
// and prints one JSON object: {"results": [{"name", "warnings", "errors", "datasources"}]}.
//
// apl-suggester fetches imported packages (alexa-layouts, alexa-viewport-profiles) from
// Amazon's asset host, which tests cannot reach. Instead the packages are declared in
// packages.json beside this file: each layout with its documented parameters, each
// resource by name. The loader is seeded with those declarations and every network call
// fails at once, so a document importing anything else is reported, never fetched.
// The validator's own error channel (unknown component types, packages it cannot load)
// is silent by default; here it is collected and reported as errors.
"use strict";

const fs = require("fs");
const path = require("path");

// The suggester logs notes with console.log; keep stdout for the JSON answer alone.
console.log = (...args) => process.stderr.write(args.join(" ") + "\n");

const axios = require("axios");
const refuse = (url) => Promise.reject(new Error(`no network in tests: ${url}`));
axios.get = refuse;
if (axios.default) axios.default.get = refuse;

const suggester = require("apl-suggester");
const {
  ThirdPartyComponentLoader,
} = require("apl-suggester/dist/src/util/ThirdPartyComponentsLoader");

const DECLARED = JSON.parse(fs.readFileSync(path.join(__dirname, "packages.json"), "utf8"));

// A package document standing in for the real one: its layouts (parameters only) and
// its resources (names only; the values are Amazon's and do not matter to validation).
function standIn(name, declared) {
  const layouts = {};
  for (const [layout, parameters] of Object.entries(declared.layouts || {})) {
    layouts[layout] = {
      parameters: parameters.map((parameter) => ({ name: parameter, type: "any" })),
      item: { type: "Container" },
    };
  }
  const strings = {};
  for (const resource of declared.resources || []) strings[resource] = resource;
  return {
    type: "APL",
    version: declared.apl,
    layouts,
    resources: Object.keys(strings).length ? [{ strings }] : [],
  };
}

const loader = ThirdPartyComponentLoader.getInstance();
for (const [name, declared] of Object.entries(DECLARED.packages)) {
  const loaded = [{ name, json: standIn(name, declared), justLoaded: true }];
  loader.packageToComponentPromiseMap.set(`${name}_${declared.version}`, Promise.resolve(loaded));
}

const errorNames = {};
for (const [name, definition] of Object.entries(suggester.ErrorDefinitions)) {
  errorNames[definition.code] = name;
}
const controller = suggester.ErrorController.getInstance();
controller.registerErrors();
let collected = [];
controller.setErrorInterface({
  sendError(error) {
    const placeholders = error.placeholders || {};
    collected.push({
      error: errorNames[error.code] || String(error.code),
      path: placeholders.path || "/",
      detail: placeholders.name || placeholders.url || "",
    });
  },
});

async function validate(entry) {
  collected = [];
  const validator = new suggester.StaticAplTemplateValidator();
  const warnings = await validator.validate(entry.document);
  const datasources = entry.datasources
    ? await validator.validateDataSources(entry.datasources)
    : [];
  const errors = collected;
  collected = [];
  const plain = (info) => ({ path: info.path, message: info.errorMessage, level: info.level });
  return {
    name: entry.name,
    warnings: warnings.map(plain),
    errors,
    datasources: datasources.map(plain),
  };
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = [];
  for (const entry of input) {
    results.push(await validate(entry)); // one at a time: the suggester keeps shared state
  }
  process.stdout.write(JSON.stringify({ results }) + "\n");
}

main().catch((error) => {
  process.stderr.write(`validate.js failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(2);
});
