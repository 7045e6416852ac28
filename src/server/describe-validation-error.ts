import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import type { HttpErrorCode } from './http-error.ts';
import { requestLimits } from './request-limits.ts';

/** `/history/0/content` → `history[0].content`: how a client would write the field in code. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name === '' ? segment : `${name}.${segment}`), '');
}

function join(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}

/**
 * Turns ajv's first complaint into a stable code and a sentence that names the field, so a client can
 * fix its request without reading our schemas. Unknown shapes fall back to BODY_INVALID.
 */
export function describeValidationError(
  error: FastifySchemaValidationError,
  context: FastifyError['validationContext'],
): { code: HttpErrorCode; message: string } {
  const where = context ?? 'body';
  const field = fieldName(error.instancePath);
  const top = field.split(/[.[]/)[0] ?? '';
  const params = error.params as Record<string, unknown>;

  if (error.keyword === 'additionalProperties') {
    const name = join(field, String(params['additionalProperty']));
    return { code: top === 'history' ? 'HISTORY_INVALID' : 'BODY_INVALID', message: `unknown field '${name}' in the ${where}` };
  }
  if (error.keyword === 'required') {
    const name = join(field, String(params['missingProperty']));
    return { code: top === 'history' ? 'HISTORY_INVALID' : 'BODY_INVALID', message: `${where}.${name} is required` };
  }
  if (field === '' && error.keyword === 'type') {
    return { code: 'BODY_INVALID', message: `the ${where} must be a JSON object` };
  }
  if (where === 'body' && field === 'question') {
    if (error.keyword === 'minLength' || error.keyword === 'pattern') return { code: 'QUESTION_EMPTY', message: 'question is empty: ask something' };
    if (error.keyword === 'maxLength') {
      return { code: 'QUESTION_TOO_LONG', message: `question is too long: at most ${requestLimits.questionChars} characters` };
    }
  }
  if (where === 'body' && top === 'history') {
    if (field === 'history' && error.keyword === 'maxItems') {
      return { code: 'HISTORY_TOO_LONG', message: `history is too long: at most ${requestLimits.historyTurns} turns` };
    }
    if (error.keyword === 'maxLength') {
      return { code: 'HISTORY_TOO_LONG', message: `${field} is too long: at most ${requestLimits.turnChars} characters per turn` };
    }
    if (field === 'history') return { code: 'HISTORY_INVALID', message: 'history must be an array of { role, content } turns' };
    if (field.endsWith('.role')) return { code: 'HISTORY_INVALID', message: `${field} must be 'user' or 'assistant'` };
    if (error.keyword === 'type') return { code: 'HISTORY_INVALID', message: `${field} must be a ${String(params['type'])}` };
    return { code: 'HISTORY_INVALID', message: `${field} ${error.message ?? 'is invalid'}` };
  }
  if (where === 'body' && field === 'topK' && (error.keyword === 'minimum' || error.keyword === 'maximum')) {
    return { code: 'TOPK_OUT_OF_RANGE', message: `topK must be from ${requestLimits.topKMin} to ${requestLimits.topKMax}` };
  }
  if (error.keyword === 'type') {
    const expected = String(params['type']);
    return { code: 'BODY_INVALID', message: `${where}.${field} must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}` };
  }
  if (error.keyword === 'enum') {
    const allowed = (params['allowedValues'] as unknown[] | undefined)?.map(String).join(', ') ?? '';
    return { code: 'BODY_INVALID', message: `${where}.${field} must be one of: ${allowed}` };
  }
  return { code: 'BODY_INVALID', message: `${where}.${field} ${error.message ?? 'is invalid'}` };
}
