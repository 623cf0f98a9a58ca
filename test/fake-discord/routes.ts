// The REST routes the fake answers, by name (what fault injection and request filters use), and the
// matcher from a request path (after /api/v10) to a route and its parameters.

export const ROUTES = {
  gatewayBot: 'GET /gateway/bot',
  currentUser: 'GET /users/@me',
  currentApplication: 'GET /applications/@me',
  interactionCallback: 'POST /interactions/:interaction/:token/callback',
  originalGet: 'GET /webhooks/:application/:token/messages/@original',
  originalEdit: 'PATCH /webhooks/:application/:token/messages/@original',
  originalDelete: 'DELETE /webhooks/:application/:token/messages/@original',
  followup: 'POST /webhooks/:application/:token',
  followupEdit: 'PATCH /webhooks/:application/:token/messages/:message',
  guildCommandsOverwrite: 'PUT /applications/:application/guilds/:guild/commands',
  guildCommandsList: 'GET /applications/:application/guilds/:guild/commands',
  globalCommandsOverwrite: 'PUT /applications/:application/commands',
  globalCommandsList: 'GET /applications/:application/commands',
  channelGet: 'GET /channels/:channel',
  messageCreate: 'POST /channels/:channel/messages',
  forumThreadCreate: 'POST /channels/:channel/threads',
  messageThreadCreate: 'POST /channels/:channel/messages/:message/threads',
  pinsList: 'GET /channels/:channel/messages/pins',
  pinAdd: 'PUT /channels/:channel/messages/pins/:message',
  pinRemove: 'DELETE /channels/:channel/messages/pins/:message',
  messageGet: 'GET /channels/:channel/messages/:message',
  messageEdit: 'PATCH /channels/:channel/messages/:message',
  messageDelete: 'DELETE /channels/:channel/messages/:message',
  guildMemberGet: 'GET /guilds/:guild/members/:user',
  guildActiveThreads: 'GET /guilds/:guild/threads/active',
  /** Not under /api/v10: the CDN serving files users attached to a command. */
  attachmentDownload: 'GET /ephemeral-attachments/:channel/:attachment/:filename',
} as const;

/** Routes served at the root of the host instead of under /api/v10. */
const CDN_ROUTES: ReadonlySet<string> = new Set(['attachmentDownload']);

export type RouteKey = keyof typeof ROUTES;
export type RouteName = (typeof ROUTES)[RouteKey];

interface CompiledRoute {
  cdn: boolean;
  key: RouteKey;
  name: RouteName;
  method: string;
  segments: string[];
}

const compiled: CompiledRoute[] = (Object.entries(ROUTES) as [RouteKey, RouteName][]).map(([key, name]) => {
  const [method, pattern] = name.split(' ') as [string, string];
  return { cdn: CDN_ROUTES.has(key), key, name, method, segments: pattern.split('/').slice(1) };
});

export interface RouteMatch {
  key: RouteKey;
  name: RouteName;
  params: Record<string, string>;
}

/**
 * `path` is relative to /api/v10 for API routes, or the full path for CDN routes. Literal segments win over
 * parameters (`messages/pins` before `messages/:message`): routes are tried in order.
 */
export function matchRoute(method: string, path: string, scope: 'api' | 'cdn' = 'api'): RouteMatch | null {
  const parts = path
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p));
  for (const route of compiled) {
    if (route.cdn !== (scope === 'cdn') || route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((segment, i) => {
      const part = parts[i]!;
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = part;
        return part.length > 0;
      }
      return segment === part;
    });
    if (ok) return { key: route.key, name: route.name, params };
  }
  return null;
}
