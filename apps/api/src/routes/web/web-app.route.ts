import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../../http/api-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { WEB_ASSET_TYPES, WebAppFiles } from './web-app-files';

const HTML = 'text/html; charset=utf-8';

export const webAppSpec = defineRoute({
  operationId: 'getWebApp',
  method: 'GET',
  path: '/',
  summary: 'The dashboard (apps/web): runs, a run live, compare, models, datasets',
  description: 'A single page; its views are addressed by the URL fragment (`/#/runs/<id>`). It reads and writes through this api.',
  tags: ['web'],
  auth: 'public',
  responses: { 200: { description: 'The page', contentTypes: [HTML] } },
  problems: ['unavailable'],
});

export const webAssetSpec = defineRoute({
  operationId: 'getWebAsset',
  method: 'GET',
  path: '/assets/:file',
  summary: "A file of the dashboard's build (script, style), named by its content hash",
  tags: ['web'],
  auth: 'public',
  params: z.strictObject({ file: z.string().max(128) }),
  responses: { 200: { description: 'The file', contentTypes: WEB_ASSET_TYPES } },
  problems: ['not-found'],
});

@Injectable()
export class WebAppHandler implements RouteHandler<typeof webAppSpec> {
  private readonly files = new WebAppFiles();

  async handle(): Promise<RouteResult<typeof webAppSpec>> {
    const page = await this.files.index();
    if (!page) throw new ApiProblem('unavailable', 'the dashboard is not built: run `npm run build` (apps/web)');
    // Always revalidated: a new build's page names new asset files.
    return { status: 200, body: page.body, headers: { 'content-type': page.type, 'cache-control': 'no-cache' } };
  }
}

@Injectable()
export class WebAssetHandler implements RouteHandler<typeof webAssetSpec> {
  private readonly files = new WebAppFiles();

  async handle({ params }: RouteInput<typeof webAssetSpec>): Promise<RouteResult<typeof webAssetSpec>> {
    const file = await this.files.asset(params.file);
    if (!file) throw ApiProblem.notFound(`no dashboard asset ${JSON.stringify(params.file)}`);
    // Names carry their content's hash: a file never changes under its name.
    return { status: 200, body: file.body, headers: { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' } };
  }
}
