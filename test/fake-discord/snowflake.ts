// Discord-style snowflakes: 64-bit ids whose top bits are milliseconds since the Discord epoch (2015).
// Ids made "now" are 19 digits long, like the real ones.
const DISCORD_EPOCH = 1_420_070_400_000n;

export type Snowflake = string;

export class SnowflakeFactory {
  #increment = 0n;

  constructor(private readonly workerId = 1n) {}

  next(at: number = Date.now()): Snowflake {
    this.#increment = (this.#increment + 1n) & 0xfffn;
    const id = ((BigInt(at) - DISCORD_EPOCH) << 22n) | (this.workerId << 17n) | this.#increment;
    return id.toString();
  }
}

export function snowflakeTimestamp(id: Snowflake): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function isSnowflake(value: unknown): value is Snowflake {
  return typeof value === 'string' && /^\d{17,20}$/.test(value);
}
