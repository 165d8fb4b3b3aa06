//! `poh-service --listen ADDR --config FILE [--insecure-no-auth]`: the CDS Hooks service.
//! Exit status: 0 after a clean shutdown (SIGTERM or SIGINT), 1 on a startup error.

use std::future::IntoFuture;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use poh_service::config::Config;
use poh_service::{app, AppState};

/// CDS Hooks 2.0 service (patient-view) over the poh decision-support core.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long)]
    listen: String,
    /// The TOML configuration (public_url, [[issuer]], fhir_servers, [limits]).
    #[arg(long)]
    config: PathBuf,
    /// Accept requests without a token. For a local demo only: never with real data.
    #[arg(long)]
    insecure_no_auth: bool,
}

async fn signal() -> &'static str {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => "SIGINT",
        () = term => "SIGTERM",
    }
}

async fn run(args: Args) -> Result<(), String> {
    let config = Config::load(&args.config).map_err(|e| e.to_string())?;
    if args.insecure_no_auth {
        eprintln!("poh-service: WARNING: --insecure-no-auth: requests are NOT authenticated. Local demo only; never use it with real patient data.");
    } else if config.issuers.is_empty() {
        return Err(format!(
            "{}: no [[issuer]]: every request would be refused (--insecure-no-auth for a local demo)",
            args.config.display()
        ));
    }
    let grace = Duration::from_secs(config.limits.shutdown_grace_s);
    let state = AppState::new(config, args.insecure_no_auth).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| format!("--listen {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // The first line on stdout is the bound address (tests listen on port 0).
    println!("listening on http://{addr}");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app(state)).with_graceful_shutdown(async move {
        let which = signal().await;
        eprintln!("poh-service: {which}: finishing requests in flight, then exiting");
        let _ = tx.send(());
    });
    let server = std::pin::pin!(server.into_future());
    let grace_over = async move {
        if rx.await.is_ok() {
            tokio::time::sleep(grace).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        r = server => r.map_err(|e| e.to_string())?,
        () = grace_over => eprintln!("poh-service: shutdown grace over; exiting with requests still open"),
    }
    eprintln!("poh-service: stopped");
    Ok(())
}

/// mimalloc rather than the system allocator (service/Cargo.toml says why).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    poh_service::fetch::install_crypto();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("poh-service: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("poh-service: {e}");
            ExitCode::from(1)
        }
    }
}
