/**
 * How the prompts talk about a dataset's items. The paper words its prompts per dataset: MovieLens
 * users "watched" movies, Amazon Games users "bought" games. Passing the wording (rather than a
 * dataset name) keeps the prompt builders free of any list of known datasets.
 */
export interface DatasetDomain {
  /** Singular noun: "movie". */
  item: string;
  /** Plural noun: "movies". */
  items: string;
  /** Past tense of what a user does with an item: "watched". */
  verb: string;
  /** Present tense, for "how likely the user is to watch …": "watch". */
  verbPresent: string;
}

export const MOVIE_DOMAIN: DatasetDomain = { item: 'movie', items: 'movies', verb: 'watched', verbPresent: 'watch' };
export const GAME_DOMAIN: DatasetDomain = { item: 'game', items: 'games', verb: 'bought', verbPresent: 'buy' };

/** "1 movie" / "3 movies". */
export function countItems(count: number, domain: DatasetDomain): string {
  return `${count} ${count === 1 ? domain.item : domain.items}`;
}
