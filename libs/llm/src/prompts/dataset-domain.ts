import type { PromptDomain } from '@alkdrec/contracts';

/**
 * How the prompts talk about a dataset's items: the `domain` of the dataset's stored metadata
 * (contracts' DatasetMetadata, set at import — docs/data.md). Passing the wording (rather than a
 * dataset name) keeps the prompt builders free of any list of known datasets.
 */
export type DatasetDomain = PromptDomain;

/** The bundled MovieLens's and Games's wording (their metadata.json), for the prompt builders' tests. */
export const MOVIE_DOMAIN: DatasetDomain = { item: 'movie', items: 'movies', verb: 'watched', verbPresent: 'watch' };
export const GAME_DOMAIN: DatasetDomain = { item: 'game', items: 'games', verb: 'bought', verbPresent: 'buy' };

/** "1 movie" / "3 movies". */
export function countItems(count: number, domain: DatasetDomain): string {
  return `${count} ${count === 1 ? domain.item : domain.items}`;
}
