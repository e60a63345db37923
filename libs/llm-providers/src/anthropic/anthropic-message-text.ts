import type Anthropic from '@anthropic-ai/sdk';

/** The text of an assistant message: its text blocks joined (ALKDRec uses no tools or thinking). */
export function anthropicMessageText(message: Pick<Anthropic.Message, 'content'>): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
