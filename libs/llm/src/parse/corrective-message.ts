import { answerTemplate } from '../prompts/ranking-prompt';
import type { ParsedRanking } from './ranking-answer';

/**
 * How many times a ranking prompt is sent at most: the first answer, and one retry with
 * `correctiveMessage` when it had no usable id. After that the session is recorded as a failed
 * parse (counted, never silently dropped).
 */
export const MAX_RANKING_ATTEMPTS = 2;

export interface CorrectiveMessageInput {
  /** The parse of the unusable answer, to say what was wrong with it. */
  parsed: ParsedRanking;
  candidateIds: readonly string[];
  outputSize: number;
}

/**
 * The follow-up USER message for the one retry, sent after the original prompt and the unusable
 * answer in the same conversation. It says what was wrong and lists the allowed ids again, so a
 * model that answered with titles or invented ids has everything it needs in one short turn.
 */
export function correctiveMessage({ parsed, candidateIds, outputSize }: CorrectiveMessageInput): string {
  const problem =
    parsed.offCandidate > 0
      ? `none of its ids is a candidate (it named ${parsed.offCandidate} id${parsed.offCandidate === 1 ? '' : 's'} that ${parsed.offCandidate === 1 ? 'is' : 'are'} not among the candidates)`
      : 'it contained no candidate ids';
  return [
    `Your previous answer could not be used: ${problem}.`,
    `The candidate ids are: ${candidateIds.map((id) => `<${id}>`).join(', ')}.`,
    `Reply with EXACTLY ${outputSize} of these ids, the most likely first, each at most once, as ${answerTemplate(outputSize)} without any other message.`,
  ].join('\n');
}
