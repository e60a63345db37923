import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NEUTRAL_PROMPT_DOMAIN } from '@alkdrec/contracts';
import { DatasetRepository } from '@alkdrec/db';
import { createEmptyDataset, createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { buildRankingPrompt } from '@alkdrec/llm';
import { CatalogueCache } from './catalogue-cache';

const BOOKS = { item: 'book', items: 'books', verb: 'read', verbPresent: 'read' };

/** The prompts' wording comes from the dataset row's metadata, whatever the dataset is called. */
describe('CatalogueCache wording', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    // Names that once chose the wording by their spelling: now they choose nothing.
    await createEmptyDataset(db.prisma, 'movielens-of-books');
    await new DatasetRepository(db.prisma).updateMetadata('movielens-of-books', { domain: BOOKS, negatives: {} });
    await createEmptyDataset(db.prisma, 'amazon-games-copy');
  });
  after(() => db.drop());

  it("takes the domain words from the dataset's stored metadata", async () => {
    const catalogue = await new CatalogueCache(db.prisma).get('movielens-of-books');
    assert.deepEqual(catalogue.domain, BOOKS);
    const text = buildRankingPrompt({ hints: [], domain: catalogue.domain, sessionItems: [{ id: '1', title: 'Emma' }], candidates: [{ id: '2', title: 'Persuasion' }] }).user;
    assert.match(text, /read/);
    assert.doesNotMatch(text, /movie|watched/);
  });

  it('uses the neutral wording for a dataset stored without metadata', async () => {
    const catalogue = await new CatalogueCache(db.prisma).get('amazon-games-copy');
    assert.deepEqual(catalogue.domain, NEUTRAL_PROMPT_DOMAIN);
  });
});
