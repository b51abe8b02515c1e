//! `parscore serve`: the flags into the server's configuration; the server crate does the rest.

use std::net::SocketAddr;
use std::path::PathBuf;

use parscore_core::Lang;
use parscore_read::Limits;
use parscore_server::{RequestLimits, ServeConfig};

use crate::exit::Exit;
use crate::msg;

pub struct ServeArgs {
    pub data: PathBuf,
    pub listen: SocketAddr,
    pub max_request_size: u64,
    pub max_files: usize,
    pub limits: Limits,
    pub lang: Lang,
}

pub fn run(a: ServeArgs) -> anyhow::Result<Exit> {
    let config = ServeConfig {
        data: a.data.clone(),
        listen: a.listen,
        limits: RequestLimits {
            workbook: a.limits,
            max_request: a.max_request_size,
            max_files: a.max_files,
        },
    };
    let lang = a.lang;
    let data = a.data.display().to_string();
    let ready = move |addr: SocketAddr| {
        let url = format!("http://{addr}/");
        match lang {
            Lang::Vi => eprintln!(
                "parscore: đang phục vụ tại {url} (dữ liệu trong {data}); mở địa chỉ này bằng \
                 trình duyệt, nhấn Ctrl-C để dừng"
            ),
            Lang::En => eprintln!(
                "parscore: serving on {url} (data in {data}); open it in a browser, press \
                 Ctrl-C to stop"
            ),
        }
    };
    parscore_server::run(config, ready).map_err(|e| {
        let t = e.text();
        msg::error(t.vi, t.en)
    })?;
    match lang {
        Lang::Vi => eprintln!("parscore: đã dừng"),
        Lang::En => eprintln!("parscore: stopped"),
    }
    Ok(Exit::Ok)
}
