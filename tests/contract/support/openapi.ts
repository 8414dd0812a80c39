import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks HTTP exchanges against a provider's own OpenAPI description with ajv (a maintained
 * JSON-schema validator): the operation is found by method and path, then the path, query and body
 * parameters and the answer are validated against that operation's schemas. "Not described" is an
 * error like "wrong type": a parameter the operation does not list, a property its schema does not
 * list, a status it does not answer. The descriptions are read as published; a provider's
 * corrections are applied before (tests/contract/support/*-description.ts), not here.
 */

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type MediaTypes = Record<string, { schema?: Schema }>;
export type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: MediaTypes };
  responses: Record<string, { content?: MediaTypes; $ref?: string }>;
};
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

/** One request and its answer, as a recording proxy or a webhook sender saw them. */
export type Exchange = {
  method: string;
  /** Path and query, e.g. /2010-04-01/Accounts/AC…/Usage/Records.json?PageSize=50 */
  url: string;
  requestType?: string;
  requestBody: string;
  status: number;
  responseType?: string;
  responseBody: string;
};

export type Violation = { where: string; message: string };

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => {
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${String(error.params.additionalProperty)})`
        : error.keyword === 'unevaluatedProperties'
          ? ` (${String(error.params.unevaluatedProperty)})`
          : error.keyword === 'enum'
            ? ` (${JSON.stringify(error.params.allowedValues)})`
            : '';
    return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
  });

const pathPattern = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('([^/]+)')}$`
  );

/**
 * Every object schema that lists its properties is closed: an unlisted property is a violation.
 * `unevaluatedProperties` (2020-12) sees through allOf and $ref, so the members of an allOf (and
 * the components used as one) are left open and the schema that combines them is closed instead.
 */
const closeObjects = (document: OpenApiDocument): OpenApiDocument => {
  const allOfMembers = new Set<string>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Schema)) {
      if (key === 'allOf' && Array.isArray(value))
        for (const member of value as Schema[])
          if (typeof member.$ref === 'string') allOfMembers.add(member.$ref);
      collect(value);
    }
  };
  collect(document);
  const close = (node: unknown, at: string, insideAllOf: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => close(item, `${at}/${i}`, insideAllOf));
    if (!node || typeof node !== 'object') return node;
    const schema = Object.fromEntries(
      Object.entries(node as Schema).map(([key, value]) => [
        key,
        close(value, `${at}/${key}`, key === 'allOf'),
      ])
    );
    const open = 'additionalProperties' in schema || 'unevaluatedProperties' in schema;
    const combined = 'allOf' in schema;
    const listsProperties = 'properties' in schema && schema.type !== undefined && schema.type !== 'array';
    if ((combined || listsProperties) && !open && !insideAllOf && !allOfMembers.has(`#${at}`))
      schema.unevaluatedProperties = false;
    return schema;
  };
  return close(document, '', false) as OpenApiDocument;
};

/** The schema a local `$ref` (#/components/…) points to. */
const resolveLocal = (document: OpenApiDocument, ref: string) =>
  ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Record<string, unknown>>(
      (node, part) => node[part] as Record<string, unknown>,
      document
    ) as Schema;

export type DescriptionOptions = {
  /** Formats the description uses beyond JSON Schema's own (Twilio's `phone-number`, …). */
  formats?: Record<string, (value: string) => boolean>;
  /** Paths that are no API operation (a media file's own URL): not checked, each named with why. */
  undescribed?: RegExp[];
  /**
   * How the provider's error answers (status ≥ 400) are checked, where the description lists only
   * success answers; `checkSchema` validates against one of its components.
   */
  checkError?: (
    exchange: Exchange,
    checkSchema: (component: string, value: unknown) => Violation[]
  ) => Violation[];
};

export const createDescription = (documents: OpenApiDocument[], options: DescriptionOptions = {}) => {
  // OpenAPI 3.0's `nullable` is understood by ajv; 3.1 documents are JSON Schema 2020-12.
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false });
  addFormats(ajv);
  for (const [name, check] of Object.entries(options.formats ?? {})) ajv.addFormat(name, check);
  // Form and query values are strings on the wire: they are read as the types the schema names.
  const coercing = new Ajv2020({ strict: false, allErrors: true, coerceTypes: 'array' });
  addFormats(coercing);
  for (const [name, check] of Object.entries(options.formats ?? {})) coercing.addFormat(name, check);

  const operations = documents.flatMap((document, index) => {
    const id = `description-${index}`;
    const closed = closeObjects(document);
    ajv.addSchema({ $id: id, ...closed } as Schema);
    coercing.addSchema({ $id: id, ...closed } as Schema);
    return Object.entries(document.paths).flatMap(([template, item]) => {
      const itemPointer = `${id}#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return HTTP_METHODS.filter((method) => method in item).map((method) => {
        const operation = item[method] as Operation;
        const pointer = `${itemPointer}/${method}`;
        // Parameters of the path item and of the operation (which wins), `$ref`s resolved, each
        // with the pointer ajv compiles its schema from.
        const listed = new Map<string, Parameter & { ref: string }>();
        const add = (parameters: unknown, base: string) =>
          ((parameters ?? []) as Array<Parameter & { $ref?: string }>).forEach((entry, i) => {
            const parameter = entry.$ref
              ? (resolveLocal(document, entry.$ref) as unknown as Parameter)
              : entry;
            const ref = entry.$ref ? `${id}${entry.$ref}/schema` : `${base}/parameters/${i}/schema`;
            listed.set(`${parameter.in}:${parameter.name}`, { ...parameter, ref });
          });
        add(item.parameters, itemPointer);
        add(operation.parameters, pointer);
        return {
          id,
          document,
          template,
          method,
          pattern: pathPattern(template),
          literal: !template.includes('{'),
          operation,
          parameters: [...listed.values()],
          pointer,
        };
      });
    });
  });

  const validators = new Map<string, ValidateFunction>();
  const compile = (validator: Ajv2020, ref: string, key: string) => {
    let validate = validators.get(key);
    if (!validate) {
      validate = validator.compile({ $ref: ref });
      validators.set(key, validate);
    }
    return validate;
  };

  /** The described operations a method and path may be, literal paths before templated ones. */
  const find = (method: string, path: string) =>
    operations
      .filter((candidate) => candidate.method === method.toLowerCase() && candidate.pattern.test(path))
      .sort((a, b) => Number(b.literal) - Number(a.literal));
  type Candidate = ReturnType<typeof find>[number];

  /** Validates a parameter set (path, query or form fields) against the listed parameters/properties. */
  const checkFields = (
    where: string,
    fields: Record<string, string[]>,
    listed: Record<string, { ref: string; required: boolean }>
  ): Violation[] => {
    const violations: Violation[] = [];
    for (const name of Object.keys(fields))
      if (!listed[name]) violations.push({ where, message: `${name} is not described` });
    for (const [name, { ref, required }] of Object.entries(listed)) {
      const values = fields[name];
      if (!values) {
        if (required) violations.push({ where, message: `${name} is required` });
        continue;
      }
      const validate = compile(coercing, ref, `coerce:${ref}`);
      // A repeated field is an array; a single one is coerced to one when the schema asks.
      if (!validate(values.length > 1 ? values : values[0]))
        for (const message of describeErrors(validate.errors))
          violations.push({ where, message: `${name}${message === '/ ' ? '' : ` ${message}`}` });
    }
    return violations;
  };

  const fieldsOf = (params: URLSearchParams) => {
    const fields: Record<string, string[]> = {};
    params.forEach((value, key) => (fields[key] ??= []).push(value));
    return fields;
  };

  const validateJson = (where: string, ref: string, body: string): Violation[] => {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return [{ where, message: `not JSON: ${body.slice(0, 80)}` }];
    }
    const validate = compile(ajv, ref, ref);
    return validate(data) ? [] : describeErrors(validate.errors).map((message) => ({ where, message }));
  };

  /**
   * Everything in one exchange its operation does not allow (empty: it conforms). Where several
   * templates match the path (Meta's /{Version}/{Phone-Number-ID} and /{Version}/{Media-ID}), the
   * exchange conforms when it conforms to one of them; otherwise the closest one's violations count.
   */
  const checkOperation = (exchange: Exchange, { answer = true } = {}): Violation[] => {
    const url = new URL(exchange.url, 'http://provider');
    const where = `${exchange.method} ${url.pathname}`;
    const candidates = find(exchange.method, url.pathname);
    if (candidates.length === 0) return [{ where, message: 'no such operation in the description' }];
    const results = candidates.map((candidate) => checkAgainst(candidate, exchange, url, where, answer));
    return (
      results.find((violations) => violations.length === 0) ?? results.sort((a, b) => a.length - b.length)[0]
    );
  };

  const checkAgainst = (
    found: Candidate,
    exchange: Exchange,
    url: URL,
    where: string,
    answer: boolean
  ): Violation[] => {
    const { operation, pointer, template, document, id, parameters } = found;
    const listedIn = (place: string) =>
      Object.fromEntries(
        parameters
          .filter((parameter) => parameter.in === place && parameter.schema)
          .map((parameter) => [parameter.name, { ref: parameter.ref, required: !!parameter.required }])
      );

    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const values = found.pattern.exec(url.pathname)!.slice(1);
    const pathFields = Object.fromEntries(names.map((name, i) => [name, [decodeURIComponent(values[i])]]));
    const violations = [
      ...checkFields(`${where} path`, pathFields, listedIn('path')),
      ...checkFields(`${where} query`, fieldsOf(url.searchParams), listedIn('query')),
    ];

    const requestType = exchange.requestType?.split(';')[0].trim();
    const bodies = operation.requestBody?.content ?? {};
    if (exchange.requestBody) {
      const bodyRef = `${pointer}/requestBody/content/${requestType?.replace(/\//g, '~1')}/schema`;
      const bodySchema = requestType ? bodies[requestType]?.schema : undefined;
      if (!bodySchema) violations.push({ where, message: `a ${requestType} body is not described` });
      else if (requestType === 'application/x-www-form-urlencoded') {
        // A form is a flat list of fields: each is checked against its own property schema.
        const local = typeof bodySchema.$ref === 'string' ? bodySchema.$ref : undefined;
        const form = local ? resolveLocal(document, local) : bodySchema;
        const base = local ? `${id}${local}` : bodyRef;
        const properties = (form.properties ?? {}) as Record<string, unknown>;
        const required = (form.required ?? []) as string[];
        const listed = Object.fromEntries(
          Object.keys(properties).map((name) => [
            name,
            { ref: `${base}/properties/${name}`, required: required.includes(name) },
          ])
        );
        violations.push(
          ...checkFields(`${where} form`, fieldsOf(new URLSearchParams(exchange.requestBody)), listed)
        );
      } else violations.push(...validateJson(`${where} body`, bodyRef, exchange.requestBody));
    } else if (operation.requestBody?.required) violations.push({ where, message: 'the body is required' });

    if (!answer) return violations;
    const described = operation.responses[String(exchange.status)];
    const response = described?.$ref
      ? (resolveLocal(document, described.$ref) as Operation['responses'][string])
      : described;
    if (!response) return [...violations, { where, message: `status ${exchange.status} is not described` }];
    const responseType = exchange.responseType?.split(';')[0].trim();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (exchange.responseBody)
        violations.push({ where, message: `status ${exchange.status} is described without a body` });
      return violations;
    }
    if (!responseType || !content[responseType]?.schema)
      return [...violations, { where, message: `a ${responseType} answer is not described` }];
    const responseBase = described?.$ref
      ? `${id}${described.$ref}`
      : `${pointer}/responses/${exchange.status}`;
    const responseRef = `${responseBase}/content/${responseType.replace(/\//g, '~1')}/schema`;
    return [...violations, ...validateJson(`${where} answer`, responseRef, exchange.responseBody)];
  };

  /** Validates a value against a named component schema (a webhook payload, an error body). */
  const checkSchema = (component: string, value: unknown, documentIndex = 0): Violation[] => {
    const ref = `description-${documentIndex}#/components/schemas/${component.replace(/\//g, '~1')}`;
    return validateJson(component, ref, JSON.stringify(value));
  };

  /** Violations of one exchange: its operation's, or the provider's rules for errors and undescribed paths. */
  const check = (exchange: Exchange): Violation[] => {
    const { pathname } = new URL(exchange.url, 'http://provider');
    if (options.undescribed?.some((pattern) => pattern.test(pathname))) return [];
    if (exchange.status >= 400 && options.checkError)
      return [
        ...checkOperation(exchange, { answer: false }),
        ...options.checkError(exchange, (component, value) => checkSchema(component, value)),
      ];
    return checkOperation(exchange);
  };

  return { check, checkSchema, find };
};

export type Description = ReturnType<typeof createDescription>;

/** A readable list of violations for a failing assertion. */
export const formatViolations = (violations: Violation[]) =>
  violations.map(({ where, message }) => `${where}: ${message}`).join('\n');

/** Asserts that there were exchanges and that each conforms (the violations are the failure message). */
export const expectConforming = (description: Pick<Description, 'check'>, exchanges: Exchange[]) => {
  expect(exchanges.length).toBeGreaterThan(0);
  expect(formatViolations(exchanges.flatMap((exchange) => description.check(exchange)))).toBe('');
};
