import { GAME_DOMAIN, MOVIE_DOMAIN, type DatasetDomain } from '@alkdrec/llm';

const GENERIC_DOMAIN: DatasetDomain = { item: 'item', items: 'items', verb: 'interacted with', verbPresent: 'interact with' };

/** The prompts' wording for a dataset: the paper's MovieLens and Games wording, neutral otherwise. */
export function datasetDomainOf(dataset: string): DatasetDomain {
  if (dataset.startsWith('movielens')) return MOVIE_DOMAIN;
  if (dataset.includes('games')) return GAME_DOMAIN;
  return GENERIC_DOMAIN;
}
