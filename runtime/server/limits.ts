/** Reference §14: payload limit 10 MB in both directions; REQUEST_TOO_LARGE text names 10485760 bytes. */
export const MAX_PAYLOAD_BYTES = 10_485_760;
