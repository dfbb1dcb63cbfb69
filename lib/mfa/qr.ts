import "server-only";
import QRCode from "qrcode";

/**
 * The enrolment QR code, rendered on our server as SVG and returned as a data URL:
 * the otpauth URI (which contains the secret) never goes to a third-party service,
 * into a URL we serve, or into a log.
 */
export async function qrDataUrl(otpauthUri: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
