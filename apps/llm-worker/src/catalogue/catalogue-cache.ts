import { datasetContentOf, datasetMetadataOf, DatasetNotFoundError, DatasetRepository, type PrismaClient } from '@alkdrec/db';
import type { DatasetDomain, PromptItem } from '@alkdrec/llm';
import type { DatasetContent } from '@alkdrec/db';

/** A dataset's items as prompts show them: catalogue ids (what the LLM answers with) and titles. */
export class Catalogue {
  private readonly indexById: Map<string, number>;

  constructor(
    readonly dataset: string,
    readonly ids: readonly string[],
    readonly titles: readonly string[],
    readonly domain: DatasetDomain,
    /** The imported files' content hashes: replay answers only for the content it was recorded for. */
    readonly content?: DatasetContent,
  ) {
    this.indexById = new Map(ids.map((id, index) => [id, index]));
  }

  /** The prompt item of an item index; a bad index is the producer's error, not the LLM's. */
  item(index: number): PromptItem {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`${this.dataset} has no item ${index} (${this.ids.length} items)`);
    return { id, title: this.titles[index] ?? '' };
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }
}

/**
 * Catalogues by dataset name, loaded once per process: every ranking job of a run needs the same
 * thousands of titles, and a catalogue never changes once imported.
 */
export class CatalogueCache {
  private readonly loaded = new Map<string, Promise<Catalogue>>();
  private readonly datasets: DatasetRepository;

  constructor(private readonly prisma: PrismaClient) {
    this.datasets = new DatasetRepository(prisma);
  }

  get(dataset: string): Promise<Catalogue> {
    let catalogue = this.loaded.get(dataset);
    if (!catalogue) {
      catalogue = this.load(dataset);
      // A failed load (database down) must not stay cached.
      catalogue.catch(() => this.loaded.delete(dataset));
      this.loaded.set(dataset, catalogue);
    }
    return catalogue;
  }

  private async load(name: string): Promise<Catalogue> {
    const dataset = await this.datasets.findByName(name);
    if (!dataset) throw new DatasetNotFoundError(name);
    const [titles, ids] = await Promise.all([
      this.datasets.itemTitles(dataset.id),
      this.prisma.item.findMany({ where: { datasetId: dataset.id }, select: { externalId: true }, orderBy: { index: 'asc' } }),
    ]);
    return new Catalogue(name, ids.map((i) => i.externalId), titles, datasetMetadataOf(dataset).domain, datasetContentOf(dataset.source));
  }
}
