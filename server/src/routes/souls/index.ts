import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkPart, SoulsDirectoryError } from '../../domain/souls/directory';
import { requireActor } from '../../http/agent-auth';
import { agentOperation, ALL_AGENTS, USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { HttpError, invalidField } from '../../http/errors';
import { AUTHED, errors } from '../../http/route-schema';

const tags = ['souls-directory'];
const SoulRef = z.object({ handle: z.string(), slug: z.string(), page_url: z.string(), raw_md_url: z.string() }).meta({ id: 'SoulsDirectorySoulRef' });
const SearchResponse = z.object({ items: z.array(SoulRef) }).meta({ id: 'SoulsDirectorySearchResponse' });
const MarkdownResponse = z
  .object({ handle: z.string(), slug: z.string(), content: z.string().meta({ description: 'The raw markdown, as text: render it as untrusted input' }) })
  .meta({ id: 'SoulsDirectoryMarkdownResponse' });
const SearchQuery = z.object({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(100).default(20) });
// Checked by hand after trimming, for the reference's messages; bounded so nothing huge reaches a URL.
const SoulParams = z.object({ handle: z.string().max(200), slug: z.string().max(200) });

/** A directory failure is the directory's fault, not ours: a 502 naming it. */
async function fromDirectory<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SoulsDirectoryError) throw new HttpError(502, error.message);
    throw error;
  }
}

function part(field: 'handle' | 'slug', raw: string): string {
  const check = checkPart(field, raw);
  if ('error' in check) throw invalidField(['path', field], check.error);
  return check.value;
}

/**
 * The public souls directory (SOULS_DIRECTORY_URL): search its index and read a soul's markdown.
 * The markdown is always returned inside JSON (never as text/html or text/markdown), so a soul
 * cannot become a page of this origin (BR-52).
 */
export const soulsDirectoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/api/v1/souls-directory/search',
    {
      schema: {
        ...agentOperation({
          operationId: 'search_souls_directory',
          intent: 'souls_directory_search',
          roles: ALL_AGENTS,
          description: 'Souls (agent personality files) of the public souls directory whose handle/slug contains the query.',
          whenToUse: 'To find a soul template for an agent role before reading it.',
          requiredActor: 'user or agent',
          tags,
        }),
        security: USER_OR_AGENT_SECURITY,
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors(...AUTHED, 502) },
      },
    },
    async (request) => {
      await requireActor(request);
      return { items: await fromDirectory(() => services.souls.search(request.query.q, request.query.limit)) };
    },
  );

  for (const suffix of ['', '.md'] as const) {
    app.get(
      `/api/v1/souls-directory/:handle/:slug${suffix}`,
      {
        schema: {
          ...agentOperation({
            operationId: suffix ? 'get_souls_directory_markdown' : 'get_souls_directory_soul',
            intent: suffix ? 'souls_directory_markdown' : 'souls_directory_soul',
            roles: ALL_AGENTS,
            description: `The markdown of one soul of the souls directory, as JSON {handle, slug, content}${suffix ? ' (same answer as without `.md`)' : ''}.`,
            whenToUse: 'To read a soul found with the souls directory search.',
            requiredActor: 'user or agent',
            tags,
          }),
          security: USER_OR_AGENT_SECURITY,
          params: SoulParams,
          response: { 200: MarkdownResponse, ...errors(...AUTHED, 502) },
        },
      },
      async (request) => {
        await requireActor(request);
        const handle = part('handle', request.params.handle);
        const slug = part('slug', request.params.slug);
        const content = await fromDirectory(() => services.souls.markdown(handle, slug));
        return { handle, slug, content };
      },
    );
  }
};
