import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../../http/api-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

const HTML = 'text/html; charset=utf-8';
const SCRIPT = 'text/javascript; charset=utf-8';
const STYLE = 'text/css; charset=utf-8';

/** The docs page's own script: no inline script in the page, so a strict CSP can forbid them. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

/** What /docs/assets serves: Swagger UI from node_modules (no CDN) and the script above, nothing else. */
const ASSETS: Readonly<Record<string, { type: string; file?: string; text?: string }>> = {
  'swagger-ui.css': { type: STYLE, file: 'swagger-ui.css' },
  'swagger-ui-bundle.js': { type: SCRIPT, file: 'swagger-ui-bundle.js' },
  'docs-init.js': { type: SCRIPT, text: INIT_SCRIPT },
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ALKDRec API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body>
</html>
`;

export const docsPageSpec = defineRoute({
  operationId: 'getDocsPage',
  method: 'GET',
  path: '/docs',
  summary: 'The API documentation page (Swagger UI over /openapi.json)',
  tags: ['docs'],
  auth: 'public',
  responses: { 200: { description: 'An HTML page', contentTypes: [HTML] } },
});

export const docsAssetSpec = defineRoute({
  operationId: 'getDocsAsset',
  method: 'GET',
  path: '/docs/assets/:file',
  summary: "A file of the documentation page (Swagger UI's script and style)",
  tags: ['docs'],
  auth: 'public',
  params: z.strictObject({ file: z.string().max(100) }),
  responses: { 200: { description: 'The file', contentTypes: [SCRIPT, STYLE] } },
  problems: ['not-found'],
});
type AssetSpec = typeof docsAssetSpec;

@Injectable()
export class DocsPageHandler implements RouteHandler<typeof docsPageSpec> {
  async handle(): Promise<RouteResult<typeof docsPageSpec>> {
    return { status: 200, body: PAGE };
  }
}

@Injectable()
export class DocsAssetHandler implements RouteHandler<AssetSpec> {
  private readonly cache = new Map<string, Buffer | string>();

  async handle({ params }: RouteInput<AssetSpec>): Promise<RouteResult<AssetSpec>> {
    const asset = Object.hasOwn(ASSETS, params.file) ? ASSETS[params.file] : undefined;
    if (!asset) throw ApiProblem.notFound(`no documentation asset ${JSON.stringify(params.file)}`);
    let body = this.cache.get(params.file);
    if (body === undefined) {
      body = asset.text ?? (await readFile(join(swaggerUiDir(), asset.file as string)));
      this.cache.set(params.file, body);
    }
    return { status: 200, body, headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' } };
  }
}

function swaggerUiDir(): string {
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}
