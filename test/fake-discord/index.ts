// A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of the real discord.js client.
export { startFakeDiscord } from './fake-discord.ts';
export { botEnv } from './bot-env.ts';
export type {
  BotRequest,
  CallbackData,
  CallbackReceived,
  FakeDiscord,
  FakeDiscordOptions,
  HttpDelivery,
  HttpTamper,
  MessageReceived,
  ReplyReceived,
  SentInteraction,
  Violation,
} from './fake-discord.ts';
export { FakeDiscordTimeoutError } from './bounded-log.ts';
export type { GatewayEvent } from './gateway.ts';
export type { InteractionOption, InteractionOverrides, InteractionPayload, OptionValue } from './interactions.ts';
export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Permission } from './permissions.ts';
export type { PermissionOverwrite } from './permissions.ts';
export type { RestFault, RouteSelector } from './faults.ts';
export type { RestRequest, UploadedFile } from './rest-server.ts';
export { ROUTES } from './routes.ts';
export type { RouteName } from './routes.ts';
export { LIMITS } from './validation.ts';
export type { Problem } from './validation.ts';
export type { FakeAttachment, FakeUser, StoredCommand, StoredMessage } from './world.ts';
