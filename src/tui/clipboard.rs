//! Copying to the clipboard of the terminal the browser runs in (OSC 52), which works over
//! ssh and inside tmux (with `set-clipboard on`). The text travels base64-encoded, so nothing
//! in it can act on the terminal; a terminal without OSC 52 ignores the whole sequence.

/// The most text one copy sends: terminals cap OSC 52 (hterm and others at about 100,000
/// encoded bytes, tmux at 1 MiB of input), and a bigger sequence is dropped whole.
pub(super) const MAX_COPY_BYTES: usize = 64 * 1024;

/// The escape sequence that puts `text` on the clipboard: `ESC ] 52 ; c ; BASE64 BEL`.
pub(super) fn osc52(text: &str) -> Vec<u8> {
    let mut out = b"\x1b]52;c;".to_vec();
    out.extend_from_slice(base64(text.as_bytes()).as_bytes());
    out.push(0x07);
    out
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn the_sequence_is_exactly_osc_52_with_the_text_in_base64() {
        assert_eq!(osc52("0001aaaa#2"), b"\x1b]52;c;MDAwMWFhYWEjMg==\x07".to_vec());
        // Escapes in the copied text travel encoded: the only ESC and BEL are the frame's.
        let hostile = osc52("\u{1b}]0;pwned\u{7}");
        assert_eq!(hostile.iter().filter(|&&b| b == 0x1b).count(), 1);
        assert_eq!(hostile.iter().filter(|&&b| b == 0x07).count(), 1);
        assert_eq!(*hostile.last().unwrap(), 0x07);
    }
}
