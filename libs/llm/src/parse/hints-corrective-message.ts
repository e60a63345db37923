import { HintsParseError } from './hints-answer';

/**
 * How many times a hint prompt is sent in one go at most: the first answer, and one retry with
 * `hintsCorrectiveMessage` in the same conversation when no hint could be read from it (rankings
 * have the same: MAX_RANKING_ATTEMPTS).
 */
export const MAX_HINT_ATTEMPTS = 2;

/**
 * The follow-up USER message after an answer from which no hint could be read: it says what was
 * wrong and repeats the only format the parser reads, so one short turn is enough to fix it.
 */
export function hintsCorrectiveMessage(error: HintsParseError): string {
  return [
    `Your previous answer could not be used: ${error.message}.`,
    'Reply with the hints only, as a numbered list, one hint per line, in the form "1. <short name>: <one-sentence explanation>", and nothing else.',
  ].join('\n');
}
