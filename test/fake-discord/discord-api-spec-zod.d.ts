// Types for the zod (mini) schemas `discord-api-spec/zod` ships as plain JavaScript. Only what the
// fake uses is declared; every schema is used the same way (safeParse on an unknown JSON body).
declare module 'discord-api-spec/zod' {
  interface SpecIssue {
    code: string;
    path: PropertyKey[];
    message: string;
    maximum?: unknown;
    minimum?: unknown;
  }
  type SpecResult = { success: true; data: unknown } | { success: false; error: { issues: SpecIssue[] } };
  interface SpecSchema {
    safeParse(data: unknown): SpecResult;
  }
  export const CreateMessageInteractionCallbackRequestSchema: SpecSchema;
  export const UpdateMessageInteractionCallbackRequestSchema: SpecSchema;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: SpecSchema;
  export const ModalInteractionCallbackRequestSchema: SpecSchema;
  export const IncomingWebhookRequestPartialSchema: SpecSchema;
  export const IncomingWebhookUpdateRequestPartialSchema: SpecSchema;
  export const MessageCreateRequestSchema: SpecSchema;
  export const CreateForumThreadRequestSchema: SpecSchema;
  export const CreateTextThreadWithMessageRequestSchema: SpecSchema;
  export const ApplicationCommandUpdateRequestSchema: SpecSchema;
}
