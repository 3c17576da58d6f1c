import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import {
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
} from 'graphql';
import { InputError } from './errors.js';

/**
 * What every text the API takes must be (GraphQL `String` arguments and input fields, the citizen routes' fields):
 * well-formed Unicode (no unpaired surrogate, which PostgreSQL cannot store and JavaScript would turn into U+FFFD
 * silently), no control character but the newline and the tab (a NUL byte cannot be stored in PostgreSQL text; the
 * others are invisible and break exports and SMS), a Windows newline (CR LF) counting as a newline, and at most
 * `textMaxLength` characters whatever the field (each field has its own, smaller limit on top).
 */
export const textMaxLength = 20_000;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls but tab and newline, DEL, C1 controls; a CR only when a LF follows it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/;

/** Why `value` is no acceptable text, in English and Persian; null when it is one. */
export function textProblem(value: string): { en: string; fa: string } | null {
  if (loneSurrogate.test(value))
    return {
      en: 'is not well-formed Unicode text (an unpaired surrogate)',
      fa: 'متن یونیکد درستی نیست (نیم‌جفت جانشین تنها)',
    };
  if (controlCharacter.test(value))
    return {
      en: 'contains a control character (only newlines and tabs are allowed)',
      fa: 'نویسهٔ کنترلی دارد (فقط سطر تازه و تب مجاز است)',
    };
  if (value.length > textMaxLength)
    return {
      en: `is too long (at most ${textMaxLength.toLocaleString('en')} characters)`,
      fa: `بیش از حد طولانی است (حداکثر ${textMaxLength.toLocaleString('fa-IR')} نویسه)`,
    };
  return null;
}

/** The page size a connection answers at most, unless its field says otherwise (`pageSize`). */
export const connectionMaxSize = 100;

/**
 * Field options for a connection whose pages may be larger than `connectionMaxSize` (a company's units in one list):
 * the size Pothos pages by, and the bound the guard checks `first`/`last` against.
 */
export const pageSize = (max: number) => ({ maxSize: max, extensions: { maxPageSize: max } });

/**
 * An id argument Pothos refused ("is not of type", an invalid global id): the raw id it names, to find its field.
 * The relay options' decodeGlobalID never throws (a malformed id decodes to an id of no type), so this is the one
 * way an id is refused before a resolver runs.
 */
function refusedId(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'PothosValidationError') return null;
  return (
    /^ID: (.*) is not of type: /.exec(error.message)?.[1] ??
    /^Invalid global ID: (.*)$/.exec(error.message)?.[1] ??
    null
  );
}

/** A page cursor Pothos could not read ("Invalid cursor: …"): the raw cursor, to find its argument. */
function refusedCursor(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'PothosValidationError') return null;
  return /^Invalid (?:offset )?cursor:? (.*)$/.exec(error.message)?.[1] ?? null;
}

/** The path (leaf name) of the argument or input field whose value is `raw`. */
function fieldHolding(value: unknown, raw: string, name: string): string | null {
  if (value === raw) return name;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = fieldHolding(item, raw, name);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      const found = fieldHolding(inner, raw, key);
      if (found) return found;
    }
  return null;
}

/** Checks every String inside a value of `type` (lists and input objects included), naming the field refused. */
function checkText(type: GraphQLInputType, value: unknown, field: string): void {
  if (value == null) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) for (const item of value) checkText(nullable.ofType, item, field);
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const definition = fields[key];
      if (definition) checkText(definition.type, inner, key);
    }
    return;
  }
  if (getNamedType(nullable).name === 'String' && typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) throw new InputError(field, problem.en, problem.fa);
  }
}

function checkPageSize(args: Record<string, unknown>, max: number): void {
  if (args.first != null && args.last != null)
    throw new InputError('last', 'cannot be combined with first', 'با first با هم فرستاده نمی‌شود');
  for (const field of ['first', 'last'] as const) {
    const value = args[field];
    if (value != null && (typeof value !== 'number' || value < 0 || value > max))
      throw new InputError(
        field,
        `must be 0 to ${max.toLocaleString('en')} (the page size)`,
        `باید از ۰ تا ${max.toLocaleString('fa-IR')} باشد (اندازهٔ صفحه)`,
      );
  }
}

/**
 * Guards every field's arguments before anything of ours runs (outside Pothos's argument mapping, so before the
 * permission check too — these refusals depend on nothing but the input): text as `textProblem` says, connection
 * page sizes within 0..max, and an id of the wrong type refused as BAD_INPUT naming its field. Errors thrown here
 * are typed results of mutations (errors plugin, `unsafelyHandleInputErrors`), GraphQL errors elsewhere.
 */
export class InputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    const paged = 'first' in fieldConfig.args || 'last' in fieldConfig.args;
    const maxPage = Number(fieldConfig.extensions?.maxPageSize ?? connectionMaxSize);
    return (parent, args, context, info: GraphQLResolveInfo) => {
      const definitions: readonly GraphQLArgument[] = info.parentType.getFields()[info.fieldName]?.args ?? [];
      const raw = args as Record<string, unknown>;
      for (const definition of definitions) checkText(definition.type, raw[definition.name], definition.name);
      if (paged && getNamedType(info.returnType).name.endsWith('Connection')) checkPageSize(raw, maxPage);
      const named = (error: unknown): never => {
        const id = refusedId(error);
        const idField = id === null ? null : fieldHolding(raw, id, 'id');
        if (idField) throw new InputError(idField, 'is not an id of the right type', 'شناسه‌ای از نوع درست نیست');
        const cursor = refusedCursor(error);
        const cursorField = cursor === null ? null : fieldHolding(raw, cursor, 'after');
        if (cursorField)
          throw new InputError(
            cursorField,
            'is not a cursor of this list (use pageInfo.endCursor / startCursor as given)',
            'نشانگر صفحهٔ این فهرست نیست (همان pageInfo.endCursor یا startCursor را بفرستید)',
          );
        throw error;
      };
      try {
        const result = resolver(parent, args, context, info);
        return result instanceof Promise ? result.catch(named) : result;
      } catch (error) {
        return named(error);
      }
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inputGuard: InputGuardPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('inputGuard', InputGuardPlugin);
export default 'inputGuard' as const;
