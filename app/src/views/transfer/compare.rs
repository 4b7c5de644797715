//! Snowball against Import/Export Disk for the same data: who owns the device, encryption,
//! capacity and how many devices, who manages the job, the classic price. Both eras taught with
//! their dates: Disk (2009, your own drive) was replaced by Snowball from 2015; the 50 / 80 TB
//! Snowball is no longer sold since 2024-11-12, Snowball Edge to new customers since
//! 2025-11-07.

use engine::snowball::catalog;
use leptos::prelude::*;

use super::{tb_text, TransferState};

/// Import/Export Disk: "Maximum device capacity is 16 TB" (refusing more is the sandbox's
/// check); "a fixed fee of $80.00 per device and $2.49 per hour for the time spent copying".
pub const DISK_MAX_BYTES: u64 = 16_000_000_000_000;
pub const DISK_DEVICE_FEE: f64 = 80.0;
pub const DISK_HOURLY: f64 = 2.49;

#[component]
pub fn SnowballVsDisk() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let numbers = Memo::new(move |_| {
        let s = state.calc.with(|c| c.scenario());
        let usable = catalog::usable_bytes(&s.snowball_type, &s.capacity).max(1);
        let snowballs = s.bytes.div_ceil(usable).max(1);
        let disks = s.bytes.div_ceil(DISK_MAX_BYTES).max(1);
        // Loading hours at AWS: the same copy rate as on site (the sandbox's assumption; rounded
        // up to whole hours per device, the sandbox's rule: AWS's rounding is not known).
        let hours_per_disk =
            ((s.bytes.div_ceil(disks)) as f64 / (s.copy_rate_mb_s as f64 * 1e6) / 3600.0).ceil();
        let disk_price = disks as f64 * (DISK_DEVICE_FEE + DISK_HOURLY * hours_per_disk);
        (s.bytes, usable, snowballs, disks, disk_price, s.capacity)
    });
    view! {
        <section class="panel transfer-compare" aria-labelledby="compare-title">
            <h3 id="compare-title">"Snowball vs Import/Export Disk"</h3>
            {move || {
                let (bytes, usable, snowballs, disks, disk_price, capacity) = numbers.get();
                let one_disk_too_small = bytes > DISK_MAX_BYTES;
                view! {
                    <table class="compare" data-testid="compare-card">
                        <thead><tr><th></th><th>"Snowball (2015-, classic 50/80 TB)"</th><th>"Import/Export Disk (2009-, retired)"</th></tr></thead>
                        <tbody>
                            <tr><th>"Who owns the device"</th><td>"Amazon: a rugged, tamper-resistant appliance with a TPM"</td><td>"You: your own eSATA/USB drive, one per job"</td></tr>
                            <tr><th>"Encryption"</th><td>"Enforced: AES-256-GCM before the data reaches the device, keys from KMS"</td><td>"Optional for import (TrueCrypt or a PIN device); required for export"</td></tr>
                            <tr><th>"Capacity"</th><td>{format!("{} usable per device: {} device(s) for {}", tb_text(usable), snowballs, tb_text(bytes))}</td>
                                <td data-testid="disk-capacity">{format!("16 TB at most per device: {} disk(s){}", disks, if one_disk_too_small { " (a single disk this size is refused)" } else { "" })}</td></tr>
                            <tr><th>"Management"</th><td>"Jobs in the console and the API: states, manifest, unlock code, tracking"</td><td>"No job dashboard: a manifest, a signature file, GetStatus codes"</td></tr>
                            <tr><th>"Network path"</th><td>"Copy on site, ship, AWS imports into S3"</td><td>"Ship, AWS loads over its internal network into S3, Glacier or EBS"</td></tr>
                            <tr><th>"Classic price"</th><td>{format!("${} a job per device, 10 free days, then $15 a day", catalog::classic_job_fee(&capacity))}</td>
                                <td>{format!("$80 a device + $2.49 a loading hour: about ${disk_price:.0}")}</td></tr>
                        </tbody>
                    </table>
                    <p class="muted">"The 16 TB refusal is the sandbox's check of AWS's documented maximum (\"Maximum device capacity is 16 TB for Amazon S3 and Amazon EBS jobs\"). Disk's loading hours use the same copy rate, rounded up per device: the sandbox's rule."</p>
                }
            }}
        </section>
    }
}
