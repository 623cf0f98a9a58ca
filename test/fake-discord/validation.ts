// Checks every body the bot sends against Discord's OpenAPI schemas (zod, from `discord-api-spec`)
// and against the documented limits the spec does not express (or states more loosely).
import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandUpdateRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  IncomingWebhookRequestPartialSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  MessageCreateRequestSchema,
  CreateForumThreadRequestSchema,
  CreateTextThreadWithMessageRequestSchema,
  ModalInteractionCallbackRequestSchema,
  UpdateMessageInteractionCallbackRequestSchema,
} from 'discord-api-spec/zod';
import type { SpecSchema } from 'discord-api-spec/zod';

export type ProblemPath = (string | number)[];

export interface Problem {
  /** Where in the body, e.g. ['data', 'embeds', 0, 'title']. */
  path: ProblemPath;
  message: string;
  /** 'spec' for the OpenAPI schema, 'limit' for documented limits, 'mentions' for allowed_mentions. */
  source: 'spec' | 'limit' | 'mentions';
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
  actionRows: 5,
  componentsPerRow: 5,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  globalCommands: 100,
  /** Files per message. */
  files: 10,
  /** Bytes per uploaded file (the limit the project keeps to; Discord's own is larger on boosted servers). */
  fileBytes: 8 * 1024 * 1024,
  attachmentDescription: 1024,
} as const;

export function formatPath(path: ProblemPath): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function spec(schema: SpecSchema, body: unknown, prefix: ProblemPath = []): Problem[] {
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))],
    message: `${issue.code}${issue.maximum !== undefined ? ` (maximum ${String(issue.maximum)})` : ''}${issue.minimum !== undefined ? ` (minimum ${String(issue.minimum)})` : ''}: ${issue.message}`,
    source: 'spec' as const,
  }));
}

function length(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function tooLong(path: ProblemPath, value: unknown, max: number, what: string): Problem[] {
  const n = length(value);
  return n > max ? [{ path, message: `${what} is ${n} characters; Discord allows at most ${max}`, source: 'limit' }] : [];
}

/** content, embeds (per-field and the 6,000 total), components: the documented message limits. */
export function messageLimitProblems(body: Body, prefix: ProblemPath = []): Problem[] {
  const problems: Problem[] = [];
  problems.push(...tooLong([...prefix, 'content'], body['content'], LIMITS.content, 'content'));

  const embeds = Array.isArray(body['embeds']) ? body['embeds'] : [];
  if (embeds.length > LIMITS.embeds) {
    problems.push({ path: [...prefix, 'embeds'], message: `${embeds.length} embeds; at most ${LIMITS.embeds}`, source: 'limit' });
  }
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    const at = [...prefix, 'embeds', i];
    problems.push(...tooLong([...at, 'title'], embed['title'], LIMITS.embedTitle, 'embed title'));
    problems.push(...tooLong([...at, 'description'], embed['description'], LIMITS.embedDescription, 'embed description'));
    total += length(embed['title']) + length(embed['description']);
    const footer = isObject(embed['footer']) ? embed['footer'] : {};
    const author = isObject(embed['author']) ? embed['author'] : {};
    problems.push(...tooLong([...at, 'footer', 'text'], footer['text'], LIMITS.footerText, 'embed footer text'));
    problems.push(...tooLong([...at, 'author', 'name'], author['name'], LIMITS.authorName, 'embed author name'));
    total += length(footer['text']) + length(author['name']);
    const fields = Array.isArray(embed['fields']) ? embed['fields'] : [];
    if (fields.length > LIMITS.embedFields) {
      problems.push({ path: [...at, 'fields'], message: `${fields.length} fields; at most ${LIMITS.embedFields}`, source: 'limit' });
    }
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      const fat = [...at, 'fields', j];
      problems.push(...tooLong([...fat, 'name'], field['name'], LIMITS.fieldName, 'embed field name'));
      problems.push(...tooLong([...fat, 'value'], field['value'], LIMITS.fieldValue, 'embed field value'));
      if (length(field['name']) === 0) problems.push({ path: [...fat, 'name'], message: 'embed field name is empty', source: 'limit' });
      if (length(field['value']) === 0) problems.push({ path: [...fat, 'value'], message: 'embed field value is empty', source: 'limit' });
      total += length(field['name']) + length(field['value']);
    });
  });
  if (total > LIMITS.embedTotal) {
    problems.push({
      path: [...prefix, 'embeds'],
      message: `all embeds together are ${total} characters; Discord allows at most ${LIMITS.embedTotal}`,
      source: 'limit',
    });
  }

  problems.push(...componentProblems(body['components'], [...prefix, 'components']));
  return problems;
}

function componentProblems(components: unknown, at: ProblemPath): Problem[] {
  if (!Array.isArray(components)) return [];
  const problems: Problem[] = [];
  const rows = components.filter((c) => isObject(c) && c['type'] === 1);
  if (rows.length > LIMITS.actionRows) {
    problems.push({ path: at, message: `${rows.length} action rows; at most ${LIMITS.actionRows}`, source: 'limit' });
  }
  const seen = new Map<string, string>();
  const visit = (component: unknown, path: ProblemPath): void => {
    if (!isObject(component)) return;
    const customId = component['custom_id'];
    if (typeof customId === 'string') {
      if (customId.length < 1 || customId.length > LIMITS.customId) {
        problems.push({
          path: [...path, 'custom_id'],
          message: `custom_id is ${customId.length} characters; must be 1 to ${LIMITS.customId}`,
          source: 'limit',
        });
      }
      const first = seen.get(customId);
      if (first) problems.push({ path: [...path, 'custom_id'], message: `custom_id "${customId}" repeats ${first}`, source: 'limit' });
      else seen.set(customId, formatPath(path));
    }
    if (component['type'] === 2) {
      problems.push(...tooLong([...path, 'label'], component['label'], LIMITS.buttonLabel, 'button label'));
    }
    const children = component['components'];
    if (Array.isArray(children)) {
      if (component['type'] === 1 && children.length > LIMITS.componentsPerRow) {
        problems.push({
          path: [...path, 'components'],
          message: `${children.length} components in a row; at most ${LIMITS.componentsPerRow}`,
          source: 'limit',
        });
      }
      children.forEach((child, i) => visit(child, [...path, 'components', i]));
    }
  };
  components.forEach((c, i) => visit(c, [...at, i]));
  return problems;
}

/** Nothing the bot sends may ping: allowed_mentions must be there, with `parse: []` and no ids. */
export function mentionProblems(body: Body, prefix: ProblemPath = []): Problem[] {
  const at = [...prefix, 'allowed_mentions'];
  const mentions = body['allowed_mentions'];
  if (!isObject(mentions)) {
    return [{ path: at, message: 'allowed_mentions is missing: Discord would parse the default mentions', source: 'mentions' }];
  }
  const problems: Problem[] = [];
  const parse = mentions['parse'];
  if (!Array.isArray(parse) || parse.length > 0) {
    problems.push({
      path: [...at, 'parse'],
      message: `allowed_mentions.parse must be [] (got ${JSON.stringify(parse)})`,
      source: 'mentions',
    });
  }
  for (const key of ['users', 'roles'] as const) {
    const ids = mentions[key];
    if (Array.isArray(ids) && ids.length > 0) {
      problems.push({ path: [...at, key], message: `allowed_mentions.${key} would ping ${ids.length} id(s)`, source: 'mentions' });
    }
  }
  return problems;
}

function autocompleteProblems(data: unknown): Problem[] {
  if (!isObject(data)) return [];
  const choices = data['choices'];
  if (!Array.isArray(choices)) return [];
  const problems: Problem[] = [];
  if (choices.length > LIMITS.choices) {
    problems.push({ path: ['data', 'choices'], message: `${choices.length} choices; at most ${LIMITS.choices}`, source: 'limit' });
  }
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    const name = choice['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > LIMITS.choiceName) {
      problems.push({
        path: ['data', 'choices', i, 'name'],
        message: `choice name must be 1 to ${LIMITS.choiceName} characters (got ${length(name)})`,
        source: 'limit',
      });
    }
    problems.push(...tooLong(['data', 'choices', i, 'value'], choice['value'], LIMITS.choiceValue, 'choice value'));
  });
  return problems;
}

/** POST /interactions/{id}/{token}/callback */
export function validateInteractionCallback(body: unknown): Problem[] {
  if (!isObject(body)) return [{ path: [], message: 'body is not a JSON object', source: 'spec' }];
  const type = body['type'];
  const data = isObject(body['data']) ? body['data'] : null;
  switch (type) {
    case 4:
    case 5: {
      const problems = spec(CreateMessageInteractionCallbackRequestSchema, body);
      if (data) problems.push(...messageLimitProblems(data, ['data']));
      if (type === 4)
        problems.push(
          ...(data ? mentionProblems(data, ['data']) : [{ path: ['data'], message: 'a type 4 reply needs data', source: 'spec' as const }]),
        );
      return problems;
    }
    case 6:
    case 7: {
      const problems = spec(UpdateMessageInteractionCallbackRequestSchema, body);
      if (data) problems.push(...messageLimitProblems(data, ['data']), ...mentionProblems(data, ['data']));
      return problems;
    }
    case 8:
      return [...spec(ApplicationCommandAutocompleteCallbackRequestSchema, body), ...autocompleteProblems(body['data'])];
    case 9:
      return spec(ModalInteractionCallbackRequestSchema, body);
    default:
      return [{ path: ['type'], message: `callback type ${JSON.stringify(type)} is not one a gateway bot may send`, source: 'spec' }];
  }
}

/**
 * A message's uploads (multipart): each file travels as `files[n]` and is described by the entry of
 * `attachments` with id n (same filename); at most 10 files, 8 MB each; an embed's `attachment://name`
 * must name an uploaded file, or Discord shows no picture.
 */
export function attachmentProblems(
  message: Body,
  files: readonly { field: string; filename: string; size: number }[],
  prefix: ProblemPath = [],
): Problem[] {
  const problems: Problem[] = [];
  const listed = Array.isArray(message['attachments']) ? (message['attachments'] as unknown[]) : [];
  const byIndex = new Map<number, { filename: string; size: number }>();
  for (const file of files) {
    const m = /^files\[(\d+)\]$/.exec(file.field);
    if (!m) {
      problems.push({ path: [...prefix, 'attachments'], message: `uploaded form field "${file.field}" is not files[n]`, source: 'spec' });
      continue;
    }
    byIndex.set(Number(m[1]), file);
    if (file.size > LIMITS.fileBytes) {
      problems.push({
        path: [...prefix, 'attachments'],
        message: `${file.filename} is ${file.size} bytes, over ${LIMITS.fileBytes}`,
        source: 'limit',
      });
    }
    if (!listed.some((a) => isObject(a) && String(a['id']) === m[1])) {
      problems.push({
        path: [...prefix, 'attachments'],
        message: `${file.field} (${file.filename}) has no entry in attachments`,
        source: 'spec',
      });
    }
  }
  if (files.length > LIMITS.files)
    problems.push({ path: [...prefix, 'attachments'], message: `${files.length} files, over ${LIMITS.files}`, source: 'limit' });
  listed.forEach((a, i) => {
    if (!isObject(a)) return;
    const id = Number(a['id']);
    const file = byIndex.get(id);
    // An id without an upload must be an attachment the message already has (kept on edit); a new one needs its file.
    if (!file && typeof a['filename'] === 'string' && !/^\d{17,20}$/.test(String(a['id']))) {
      problems.push({
        path: [...prefix, 'attachments', i, 'id'],
        message: `attachment ${a['id']} has no files[${a['id']}] upload`,
        source: 'spec',
      });
    }
    if (file && typeof a['filename'] === 'string' && a['filename'] !== file.filename) {
      problems.push({
        path: [...prefix, 'attachments', i, 'filename'],
        message: `filename ${a['filename']} differs from the upload's ${file.filename}`,
        source: 'spec',
      });
    }
    problems.push(
      ...tooLong([...prefix, 'attachments', i, 'description'], a['description'], LIMITS.attachmentDescription, 'attachment description'),
    );
  });
  const names = new Set([...byIndex.values()].map((f) => f.filename));
  const embeds = Array.isArray(message['embeds']) ? (message['embeds'] as unknown[]) : [];
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    for (const key of ['image', 'thumbnail'] as const) {
      const url = isObject(embed[key]) ? embed[key]['url'] : undefined;
      if (typeof url === 'string' && url.startsWith('attachment://') && !names.has(url.slice('attachment://'.length))) {
        problems.push({ path: [...prefix, 'embeds', i, key, 'url'], message: `${url} names no uploaded file`, source: 'spec' });
      }
    }
  });
  return problems;
}

export type MessageRoute = 'webhook-edit' | 'webhook-followup' | 'channel-message';

/** Edits (`PATCH .../messages/@original`), follow-ups (`POST /webhooks/{app}/{token}`), channel messages. */
export function validateMessage(body: unknown, route: MessageRoute): Problem[] {
  if (!isObject(body)) return [{ path: [], message: 'body is not a JSON object', source: 'spec' }];
  const schema =
    route === 'webhook-edit'
      ? IncomingWebhookUpdateRequestPartialSchema
      : route === 'webhook-followup'
        ? IncomingWebhookRequestPartialSchema
        : MessageCreateRequestSchema;
  return [...spec(schema, body), ...messageLimitProblems(body), ...mentionProblems(body)];
}

/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;

function threadNameProblems(body: Body): Problem[] {
  const name = body['name'];
  return typeof name === 'string' && name.length >= 1 && name.length <= THREAD_NAME_MAX
    ? []
    : [{ path: ['name'], message: `thread name must be 1 to ${THREAD_NAME_MAX} characters`, source: 'limit' }];
}

/** `POST /channels/{forum}/threads` (a forum post) or `POST /channels/{channel}/messages/{message}/threads`. */
export function validateThread(body: unknown, route: 'forum' | 'message'): Problem[] {
  if (!isObject(body)) return [{ path: [], message: 'body is not a JSON object', source: 'spec' }];
  if (route === 'message') return [...spec(CreateTextThreadWithMessageRequestSchema, body), ...threadNameProblems(body)];
  const message = body['message'];
  if (!isObject(message)) return [{ path: ['message'], message: 'a forum post needs its first message', source: 'spec' }];
  return [
    ...spec(CreateForumThreadRequestSchema, body),
    ...threadNameProblems(body),
    ...messageLimitProblems(message, ['message']),
    ...mentionProblems(message, ['message']),
  ];
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function optionProblems(options: unknown, at: ProblemPath): Problem[] {
  if (!Array.isArray(options)) return [];
  const problems: Problem[] = [];
  if (options.length > LIMITS.commandOptions) {
    problems.push({ path: at, message: `${options.length} options; at most ${LIMITS.commandOptions}`, source: 'limit' });
  }
  let sawOptional = false;
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const path = [...at, i];
    const name = option['name'];
    if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      problems.push({
        path: [...path, 'name'],
        message: `option name ${JSON.stringify(name)} must be 1 to 32 lowercase letters, digits, - or _`,
        source: 'limit',
      });
    }
    const description = option['description'];
    if (typeof description !== 'string' || description.length < 1 || description.length > LIMITS.commandDescription) {
      problems.push({
        path: [...path, 'description'],
        message: `option description must be 1 to ${LIMITS.commandDescription} characters`,
        source: 'limit',
      });
    }
    if (option['required'] === true && sawOptional) {
      problems.push({ path: [...path, 'required'], message: 'required options must come before optional ones', source: 'limit' });
    }
    if (option['required'] !== true && option['type'] !== 1 && option['type'] !== 2) sawOptional = true;
    if (option['autocomplete'] === true && Array.isArray(option['choices']) && option['choices'].length > 0) {
      problems.push({ path: [...path, 'autocomplete'], message: 'an option cannot have both autocomplete and choices', source: 'limit' });
    }
    if (Array.isArray(option['choices'])) {
      if (option['choices'].length > LIMITS.choices) {
        problems.push({
          path: [...path, 'choices'],
          message: `${option['choices'].length} choices; at most ${LIMITS.choices}`,
          source: 'limit',
        });
      }
      option['choices'].forEach((choice, j) => {
        if (!isObject(choice)) return;
        problems.push(...tooLong([...path, 'choices', j, 'name'], choice['name'], LIMITS.choiceName, 'choice name'));
        problems.push(...tooLong([...path, 'choices', j, 'value'], choice['value'], LIMITS.choiceValue, 'choice value'));
      });
    }
    problems.push(...optionProblems(option['options'], [...path, 'options']));
  });
  return problems;
}

/** `PUT .../commands` (bulk overwrite): each command against the spec and the documented limits. */
export function validateCommands(body: unknown, scope: 'guild' | 'global'): Problem[] {
  if (!Array.isArray(body)) return [{ path: [], message: 'bulk overwrite body must be an array of commands', source: 'spec' }];
  const problems: Problem[] = [];
  if (scope === 'global' && body.length > LIMITS.globalCommands) {
    problems.push({ path: [], message: `${body.length} global commands; at most ${LIMITS.globalCommands}`, source: 'limit' });
  }
  const names = new Set<string>();
  body.forEach((command, i) => {
    if (!isObject(command)) {
      problems.push({ path: [i], message: 'command is not an object', source: 'spec' });
      return;
    }
    // discord.js sends default_member_permissions as a decimal string (as Discord documents);
    // the OpenAPI document types it as a number.
    const permissions = command['default_member_permissions'];
    const forSpec =
      typeof permissions === 'string' && /^\d+$/.test(permissions)
        ? { ...command, default_member_permissions: Number(permissions) }
        : command;
    problems.push(...spec(ApplicationCommandUpdateRequestSchema, forSpec, [i]));
    const name = command['name'];
    const type = command['type'] ?? 1;
    if (type === 1) {
      if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
        problems.push({
          path: [i, 'name'],
          message: `command name ${JSON.stringify(name)} must be 1 to 32 lowercase letters, digits, - or _`,
          source: 'limit',
        });
      }
      const description = command['description'];
      if (typeof description !== 'string' || description.length < 1 || description.length > LIMITS.commandDescription) {
        problems.push({
          path: [i, 'description'],
          message: `description must be 1 to ${LIMITS.commandDescription} characters`,
          source: 'limit',
        });
      }
    }
    const key = `${String(type)}:${String(name)}`;
    if (names.has(key)) problems.push({ path: [i, 'name'], message: `command ${String(name)} is defined twice`, source: 'limit' });
    names.add(key);
    problems.push(...optionProblems(command['options'], [i, 'options']));
  });
  return problems;
}

/** Discord's nested `errors` object for a 50035 "Invalid Form Body" answer. */
export function invalidFormBody(problems: readonly Problem[]): { code: number; message: string; errors: Body } {
  const errors: Body = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) {
      const k = String(key);
      if (!isObject(node[k])) node[k] = {};
      node = node[k] as Body;
    }
    const list = (Array.isArray(node['_errors']) ? node['_errors'] : (node['_errors'] = [])) as unknown[];
    list.push({ code: problem.source === 'spec' ? 'BASE_TYPE_INVALID' : 'BASE_TYPE_MAX_LENGTH', message: problem.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
