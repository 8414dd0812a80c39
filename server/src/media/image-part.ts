import type { ChatCompletionContentPartImage } from 'openai/resources/chat/completions';
import type { DownloadedMedia } from '../channels/adapter';

/**
 * A picture as the model receives it: a base64 data URL inside the user message, so the model
 * provider never fetches anything from Twilio (and never needs its credentials). The bytes go as
 * they came — no resizing here: WhatsApp already compresses photos (≤ 5 MB, `media.maxImageBytes`),
 * within what OpenAI-compatible providers accept (OpenAI: 20 MB; it scales large images down itself).
 */
export const imagePart = (picture: DownloadedMedia): ChatCompletionContentPartImage => ({
  type: 'image_url',
  image_url: { url: `data:${picture.contentType};base64,${picture.data.toString('base64')}` },
});

/**
 * Model names that accept images, for `media.vision: 'auto'`: OpenAI's gpt-4o / gpt-4.1 / gpt-5 /
 * o-series, and the vision families of local servers. Anything else is asked only with `on`.
 */
const VISION_MODELS =
  /^(gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|o[1-9]|chatgpt-4o|claude-|gemini|pixtral|llava|bakllava|minicpm-v|moondream|llama3\.2-vision|llama-?4|qwen2(\.5)?-?vl|gemma3)/i;

export const acceptsImages = (vision: 'auto' | 'on' | 'off', model: string) =>
  vision === 'on' || (vision === 'auto' && VISION_MODELS.test(model.replace(/^.*\//, '')));
