#!/usr/bin/env node
// Resolve utterances with virtual-alexa against one interaction model, for the phrasing
// benchmark (benchmarks/nlu_accuracy.py). Nothing leaves the machine: the "skill" is a
// function that records the request virtual-alexa built and answers with an empty response.
//
//   node resolve.js <interaction-model.json> [--raw] < utterances.json
//
// stdin: a JSON array of strings. stdout: a JSON array, one object per utterance:
//   {"say", "kind": "intent"|"launch"|"end"|"unmatched", "intent", "one_shot",
//    "slots": {name: {"value", "type", "id"}}}
// "id" is the entity-resolution id for custom slot types (null if none matched); built-in
// slot values are what virtual-alexa sends, which is the words said ("seven"), not Alexa's
// normalised value ("7"): the Python side converts them before comparing.
//
// Matching is virtual-alexa's own (virtual-core's Utterance over the model's samples). Two
// things around it are not how Alexa behaves, so by default this script replaces them, and
// --raw keeps virtual-alexa exactly as shipped, for comparison:
//
// 1. What reaches the matcher. utter() treats any text containing ask/open/launch/talk to/
//    tell anywhere ("tell me more", "what's my task") as addressed to the skill from outside,
//    and then reads a request only from "<verb> <anything> to <rest>", cut at the last " to "
//    ("ask ... to set my focus to boundaries" becomes "boundaries"); "ask X for a mantra" is
//    a bare launch. By default: only "<verb> <invocation name> ..." is a launch or one-shot,
//    and the request is the rest, without its connecting word if that matches a sample
//    ("to go to skill seven" -> "go to skill seven"), as the console reads it too.
//
// 2. What a built-in slot can hold. virtual-alexa checks only AMAZON.NUMBER (digits, one to
//    twenty); any other AMAZON type accepts any words at all, so a sample that is only
//    "{time}" swallows every sentence. By default AMAZON.TIME, AMAZON.DayOfWeek and
//    AMAZON.Ordinal get the same kind of vocabulary check virtual-alexa gives AMAZON.NUMBER.
"use strict";

const fs = require("fs");
const path = require("path");
const { VirtualAlexa } = require("virtual-alexa");
const { BuiltinSlotType } = require("virtual-alexa/lib/src/model/BuiltinSlotTypes");
const { SlotMatch, Utterance } = require("virtual-core");

const LAUNCH_VERBS = ["ask", "tell", "open", "launch", "start", "begin", "talk to", "use"];
const CONNECTORS = ["and then", "to", "for", "about", "if", "whether", "that", "and"];

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NUMBER_WORDS = [
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen", "twenty", "thirty", "forty", "fifty",
];
const ORDINAL_WORDS = [
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
  "eighteenth", "nineteenth", "twentieth",
];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
// Words a spoken time is made of ("half past seven in the evening", "7:30 pm", "noon").
const TIME_WORDS = [
  ...NUMBER_WORDS, "oh", "o'clock", "oclock", "half", "quarter", "past", "to", "after", "at",
  "around", "about", "in", "the", "morning", "afternoon", "evening", "night", "tonight", "noon",
  "midday", "midnight", "am", "pm", "a", "m", "p",
];
// virtual-alexa strips punctuation but apostrophes before matching, so "7:30" arrives as "730".
const CLOCK = /^\d{1,4}(?:am|pm)?$/;
const DAY_PARTS = ["noon", "midday", "midnight", "morning", "afternoon", "evening", "night"];
const TIME_ANCHORS = new Set([...NUMBER_WORDS, ...DAY_PARTS, "tonight"]);

// A built-in type that accepts only words that can be its value, the way virtual-alexa's
// AMAZON.NUMBER does (its base class accepts anything for an AMAZON type that is not enumerated).
function checkedType(name, accepts) {
  const type = new BuiltinSlotType(name, []);
  type.isEnumerated = () => true;
  type.match = (value) =>
    accepts(value.trim().toLowerCase()) ? new SlotMatch(true, value) : new SlotMatch(false);
  return type;
}

function isTime(text) {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.every((word) => CLOCK.test(word) || TIME_WORDS.includes(word)) &&
    words.some((word) => CLOCK.test(word) || TIME_ANCHORS.has(word))
  );
}

function checkedBuiltinTypes() {
  return [
    checkedType("AMAZON.TIME", isTime),
    checkedType(
      "AMAZON.Ordinal",
      (text) => /^\d{1,2}(?:st|nd|rd|th)$/.test(text) || ORDINAL_WORDS.includes(text),
    ),
    checkedType("AMAZON.DayOfWeek", (text) =>
      WEEKDAYS.some((day) => text === day || text === `${day}s`),
    ),
  ];
}

// Alexa's reading of "ask <name> to ...": true for a bare launch, the request text for a
// one-shot, undefined for speech inside a session (the shape virtual-alexa's utter() expects).
function oneShotReader(alexa, invocationName) {
  const addressed = new RegExp(
    `^(?:${LAUNCH_VERBS.join("|")}) ${escapeRegExp(invocationName)}(?:\\s+(.*))?$`,
    "i",
  );
  const connector = new RegExp(`^(?:${CONNECTORS.join("|")})\\s+(.+)$`, "i");
  return (text) => {
    const found = addressed.exec(text.trim());
    if (!found) {
      return undefined;
    }
    const rest = (found[1] || "").trim();
    if (!rest) {
      return true;
    }
    const withoutConnector = connector.exec(rest);
    if (withoutConnector) {
      const request = withoutConnector[1];
      if (new Utterance(alexa.context().interactionModel(), request).matched()) {
        return request;
      }
    }
    return rest;
  };
}

function build(modelPath, raw) {
  const model = JSON.parse(fs.readFileSync(modelPath, "utf8"));
  const languageModel = model.interactionModel.languageModel;
  const slotTypes = {};
  for (const intent of languageModel.intents) {
    slotTypes[intent.name] = {};
    for (const slot of intent.slots || []) {
      slotTypes[intent.name][slot.name] = slot.type;
    }
  }
  const seen = [];
  const alexa = VirtualAlexa.Builder()
    .interactionModelFile(path.resolve(modelPath))
    .handler((event, context, callback) => {
      seen.push(event);
      // Ending the session keeps one utterance from colouring the next.
      callback(null, { version: "1.0", response: { shouldEndSession: true } });
    })
    .create();
  if (!raw) {
    alexa.context().interactionModel().slotTypes.addTypes(checkedBuiltinTypes());
    alexa.parseLaunchRequest = oneShotReader(alexa, languageModel.invocationName);
  }
  return { alexa, seen, slotTypes };
}

function slotsOf(intent, slotTypes) {
  const slots = {};
  for (const [name, slot] of Object.entries(intent.slots || {})) {
    if (slot.value === undefined || slot.value === null || String(slot.value).trim() === "") {
      continue;
    }
    let id = null;
    const authorities = (slot.resolutions || {}).resolutionsPerAuthority || [];
    for (const authority of authorities) {
      if (authority.status.code === "ER_SUCCESS_MATCH" && authority.values.length) {
        id = String(authority.values[0].value.id);
        break;
      }
    }
    const type = (slotTypes[intent.name] || {})[name] || null;
    slots[name] = { value: String(slot.value).trim(), type, id };
  }
  return slots;
}

async function resolveOne(state, say) {
  const { alexa, seen, slotTypes } = state;
  const oneShot = typeof alexa.parseLaunchRequest(say) === "string";
  const before = seen.length;
  try {
    await alexa.utter(say);
  } catch (error) {
    if (/Unable to match utterance/.test(String(error && error.message))) {
      return { say, kind: "unmatched", intent: null, one_shot: oneShot, slots: {} };
    }
    throw error;
  }
  const request = seen.length > before ? seen[seen.length - 1].request : null;
  if (!request) {
    throw new Error(`virtual-alexa sent no request for: ${say}`);
  }
  if (request.type === "LaunchRequest") {
    return { say, kind: "launch", intent: null, one_shot: false, slots: {} };
  }
  if (request.type === "SessionEndedRequest") {
    return { say, kind: "end", intent: null, one_shot: false, slots: {} };
  }
  return {
    say,
    kind: "intent",
    intent: request.intent.name,
    one_shot: oneShot,
    slots: slotsOf(request.intent, slotTypes),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const raw = args.includes("--raw");
  const modelPath = args.find((arg) => !arg.startsWith("--"));
  if (!modelPath) {
    process.stderr.write("usage: node resolve.js <interaction-model.json> [--raw]\n");
    process.exit(2);
  }
  const utterances = JSON.parse(fs.readFileSync(0, "utf8"));
  if (!Array.isArray(utterances) || !utterances.every((u) => typeof u === "string")) {
    process.stderr.write("stdin must be a JSON array of strings\n");
    process.exit(2);
  }
  const state = build(modelPath, raw);
  const results = [];
  for (const say of utterances) {
    results.push(await resolveOne(state, say));
  }
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
