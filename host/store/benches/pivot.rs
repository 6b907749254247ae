//! Benchmark (not a test): the devices × features compliance pivot at 50,000 devices.
//!
//! cargo bench -p aurum-store --bench pivot -- [--devices 50000] [--features 10]
//!     [--postgres postgres://postgres@127.0.0.1:5432/test]

use std::time::Instant;

use aurum_store::{Store, StoreOptions};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main]
async fn main() {
    let devices: usize = arg("--devices").map_or(50_000, |v| v.parse().expect("a number"));
    let features: usize = arg("--features").map_or(10, |v| v.parse().expect("a number"));
    let dir = tempfile::tempdir().unwrap();
    let schema = format!("aurum_bench_{}", std::process::id());
    let (store, label) = match arg("--postgres") {
        Some(url) => {
            let options = StoreOptions {
                postgres_schema: Some(schema.clone()),
                ..StoreOptions::default()
            };
            (Store::open(&url, &options).await.unwrap(), "postgres")
        }
        None => (
            Store::open_in_data_dir(dir.path(), &StoreOptions::default())
                .await
                .unwrap(),
            "sqlite",
        ),
    };
    let pool = store.pool_for_tests();
    let started = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    for d in 0..devices {
        for f in 0..features {
            sqlx::query(
                "INSERT INTO compliance_results (device, feature, platform, compliant, ordered, missing, extra, \
                 actual, intended, remediation, updated_at) VALUES ($1, $2, 'cisco_ios', $3, 1, '', '', '', '', '', 0)",
            )
            .bind(format!("dev{d:06}"))
            .bind(format!("feature{f:02}"))
            .bind(i64::from((d + f) % 7 != 0))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    println!(
        "{label}: loaded {} rows in {:.1} s",
        devices * features,
        started.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let pivot = store.compliance_pivot().await.unwrap();
        let compliant = pivot.iter().filter(|(_, _, c)| *c).count();
        times.push(started.elapsed().as_secs_f64());
        assert_eq!(pivot.len(), devices * features);
        assert!(compliant > 0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{label}: pivot of {devices} devices x {features} features ({} rows) in {:.0} ms (median of 5)",
        devices * features,
        times[2] * 1000.0
    );
    if label == "postgres" {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA \"{schema}\" CASCADE"
        )))
        .execute(&store.pool_for_tests())
        .await
        .unwrap();
    }
}
