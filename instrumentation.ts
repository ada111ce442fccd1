// Runs once when the Next.js server starts. Next keeps a client-sent X-Forwarded-For as it is, so the
// TCP peer address would be lost (and spoofable); we stamp it into an internal header that a client
// cannot set (any incoming copy is overwritten). lib/http/client-ip.ts reads it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressStamp } = await import("./lib/http/peer-address.ts");
  installPeerAddressStamp();
}
