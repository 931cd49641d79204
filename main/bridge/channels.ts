// The one channel pair between the preload and main: requests up, engine events down.
export const INVOKE_CHANNEL = 'porthole:invoke';
export const EVENT_CHANNEL = 'porthole:event';
