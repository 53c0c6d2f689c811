//! Reading the uploads an attacker controls, as the server does (issue 28): the CDC
//! receipt of the review (`<a>` nested 30 000 and 1 190 000 deep, refused at the
//! depth limit), a real receipt of 100 000 passages (read whole), and the logo check
//! of a 2 000 × 2 000 PNG and of a 4 000 × 4 000 decompression bomb (refused).
//! Target: every refusal in well under a second, the real receipt in under a second.
//! Run with `cargo bench -p tests --bench uploads`; figures in BENCHMARKS.md.

use std::fmt::Write;

use app::domain::accrochage::receipt;
use criterion::{Criterion, criterion_group, criterion_main};

fn nested(n: usize) -> Vec<u8> {
    let mut xml = b"<rapport><idFlux>x</idFlux>".to_vec();
    xml.extend(b"<a>".repeat(n));
    xml.extend(b"</a>".repeat(n));
    xml.extend(b"</rapport>");
    xml
}

fn real_receipt(passages: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rapport><nomFichier>f.xml</nomFichier><idFlux>f-1</idFlux><idTraitement>1</idTraitement><PassagesOK>",
    );
    for i in 0..passages {
        let _ = write!(xml, "<idTechnique>JURY-1-{i}-RNCP36390</idTechnique>");
    }
    xml.push_str("</PassagesOK></rapport>");
    xml.into_bytes()
}

fn png(width: u32, height: u32, luma: bool) -> Vec<u8> {
    let image = if luma {
        image::DynamicImage::new_luma8(width, height)
    } else {
        image::DynamicImage::new_rgb8(width, height)
    };
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("png");
    bytes
}

fn uploads(c: &mut Criterion) {
    let mut group = c.benchmark_group("uploads");
    group.sample_size(10);
    let small = nested(30_000);
    let large = nested(1_190_000);
    let real = real_receipt(100_000);
    assert!(receipt::parse(&small).is_err());
    assert!(receipt::parse(&large).is_err());
    assert!(receipt::parse(&real).is_ok());
    group.bench_function("nested receipt, 210 KB, refused", |b| {
        b.iter(|| receipt::parse(&small))
    });
    group.bench_function("nested receipt, 8 MB, refused", |b| {
        b.iter(|| receipt::parse(&large))
    });
    group.bench_function("real receipt, 100 000 passages, read", |b| {
        b.iter(|| receipt::parse(&real))
    });
    let logo = png(2_000, 2_000, false);
    let bomb = png(4_000, 4_000, true);
    assert!(server::routes::images::check(&logo).is_ok());
    assert!(server::routes::images::check(&bomb).is_err());
    group.bench_function("logo 2 000 × 2 000, decoded and re-encoded", |b| {
        b.iter(|| server::routes::images::check(&logo))
    });
    group.bench_function("bomb 4 000 × 4 000, refused", |b| {
        b.iter(|| server::routes::images::check(&bomb))
    });
    group.finish();
}

criterion_group!(benches, uploads);
criterion_main!(benches);
