//! A zip archive of a few small files, stored (not compressed): what every system opens
//! with its own file manager. Names are UTF-8 (flag bit 11); no archive here comes near
//! the format's 4 GiB limits.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// The CRC-32 (IEEE) table, computed at build time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |c, b| {
        CRC_TABLE[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// `files` (name, content) as a zip archive, each dated `at`.
pub fn archive(files: &[(String, Vec<u8>)], at: DateTime<Utc>) -> Vec<u8> {
    let time = ((at.hour() << 11) | (at.minute() << 5) | (at.second() / 2)) as u16;
    let date = (((at.year().clamp(1980, 2107) - 1980) as u32) << 9 | (at.month() << 5) | at.day()) as u16;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name_len = name.len() as u16;
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0x0800, 0, time, date] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0x0800, 0, time, date] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    let count = files.len() as u16;
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_ieee_one() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn unzip_reads_back_what_was_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        let files = vec![
            ("data.json".to_owned(), b"{\"a\": 1}\n".to_vec()),
            (
                "hours.csv".to_owned(),
                "jour,minutes\n2026-11-24,90\n".as_bytes().to_vec(),
            ),
            ("dossier é/notes.txt".to_owned(), "é".as_bytes().to_vec()),
        ];
        let at = DateTime::parse_from_rfc3339("2026-11-24T12:34:56Z").unwrap().to_utc();
        std::fs::write(&path, archive(&files, at)).unwrap();
        let Ok(out) = std::process::Command::new("unzip")
            .arg("-p")
            .arg(&path)
            .arg("hours.csv")
            .output()
        else {
            return; // no unzip on this machine
        };
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, files[1].1);
        let test = std::process::Command::new("unzip")
            .arg("-t")
            .arg(&path)
            .output()
            .unwrap();
        assert!(test.status.success(), "{}", String::from_utf8_lossy(&test.stdout));
    }
}
