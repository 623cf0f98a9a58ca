// Discord ids (snowflakes): 17 to 20 digits. The one check every room uses.

export const SNOWFLAKE = /^\d{17,20}$/;

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}
