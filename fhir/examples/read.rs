//! `cargo run -p poh-fhir --example read -- FILE DATE`: print the reading report.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(date)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: read FILE YYYY-MM-DD");
        std::process::exit(2);
    };
    let Some(d) = poh_fhir::Date::parse(date) else {
        eprintln!("bad date");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).unwrap_or_default();
    match poh_fhir::read_str(&text, &poh_fhir::ReadOptions { evaluation_date: d }) {
        Ok(r) => println!(
            "{}",
            serde_json::to_string_pretty(&r.to_json()).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
