//! Rebuilds the workbooks in `fixtures/`: `cargo run -p parscore-write --example make_fixtures`.
//!
//! The Department of Construction's 2024 self-assessment (`so-xay-dung-2024.xlsx`) is written
//! with parscore's own template; its variants (decimal commas as text, shuffled columns, a
//! missing row, a score above the maximum) with a plain writer, as other tools would write them.
//! The `.xls` and `.ods` copies are made by LibreOffice: see `fixtures/README.md`.

use std::path::Path;

use parscore_core::{catalog, CriteriaSet, Decimal, Input, Inputs, RatioInput, Rule};
use parscore_sheet::layout::Col;
use parscore_write::{write_template, TemplateMeta};
use rust_xlsxwriter::Workbook;

/// One filled row: code, the value as a person types it, the evidence cited.
type Fill = (&'static str, &'static str, &'static str);

/// Sở Xây dựng 2024. Scores worked out by hand (domain sums in the comments) total 78.3:
/// 8.65 + 8.15 + 9.7 + 9.05 + 12.15 + 7.75 + 10.2 + 12.65 = 78.3.
const SXD_2024: &[Fill] = &[
    // Domain 1: 1 + 1 + 1 + 1 + 1 + 1 + 0.25 + 1 + 0.4 + 1 = 8.65 of 10.
    ("1.1.1", "Ban hành kịp thời", "Kế hoạch 15/KH-SXD ngày 10/01/2024"),
    ("1.1.2", "Có", "Kế hoạch 15/KH-SXD, mục II"),
    ("1.1.3", "Có", "Kế hoạch 15/KH-SXD, phụ lục trang 4"),
    ("1.1.4", "85", "Báo cáo 320/BC-SXD ngày 10/12/2024"), // [70, 90] → 1
    ("1.2.1", "Có", "Báo cáo quý I, 6 tháng, quý III, năm 2024"),
    ("1.2.2", "Có", "Báo cáo 320/BC-SXD"),
    ("1.3.1", "Ban hành kế hoạch nhưng thực hiện không đầy đủ", "Kế hoạch kiểm tra 40/KH-SXD"), // 0.25
    ("1.3.2", "9/10", "Báo cáo kết quả kiểm tra"), // 90% → [90, 100] → 1
    ("1.4.1", "80", "Báo cáo tuyên truyền CCHC"),  // 80% × 0.5 = 0.4
    ("1.4.2", "Có", "Quyết định 12/QĐ-SXD"),
    // Domain 2: 1 + 1 + 0.75 + 0.5 + 1 + 1 + 0.9 + 0.25 + 0.75 + 1 = 8.15 of 10.
    ("2.1.1", "3/4", "Tờ trình 45/TTr-SXD"), // 75% → [70, 90) → 1
    ("2.1.2", "Có", "Biên bản thẩm định của Sở Tư pháp"),
    ("2.1.3", "0.75", "Văn bản góp ý dự thảo"),
    ("2.2.1", "Ban hành kịp thời", "Kế hoạch rà soát 20/KH-SXD"),
    ("2.2.2", "92", "Báo cáo rà soát văn bản"), // [90, 100] → 1
    ("2.2.3", "Không phát sinh", ""),           // na full → 1
    ("2.3.1", "90", "Báo cáo theo dõi thi hành pháp luật"), // 90% × 1 = 0.9
    ("2.3.2", "1", "Hội nghị phổ biến pháp luật 15/6/2024"), // 1 × 0.25
    ("2.4.1", "1", "Báo cáo kiểm tra văn bản"), // 1 − 0.25 = 0.75
    ("2.4.2", "12/15", "Báo cáo pháp chế"),     // 80% → [80, 100] → 1
    // Domain 3: 1 + 0.5 + 1 + 1 + 0.25 + 0 + 0.95 + 0.5 + 1 + 1.5 + 0.5 + 1 + 0.5 = 9.7 of 13.
    ("3.1.1", "100", "Quyết định công bố TTHC 210/QĐ-UBND"),
    ("3.1.2", "1", "Phương án đơn giản hóa TTHC"), // 1 × 0.5 = 0.5 of 1
    ("3.2.1", "0", "Ảnh chụp niêm yết tại Bộ phận một cửa"),
    ("3.2.2", "Có", "Trang thông tin điện tử của Sở"),
    ("3.2.3", "Đầy đủ nhưng không kịp thời", "Báo cáo tình hình giải quyết TTHC"), // 0.25
    ("3.2.4", "Không", ""),                                                        // 0
    ("3.3.1", "19/20", "Sổ theo dõi hồ sơ"),                                       // 95% × 1 = 0.95
    ("3.3.2", "2", "Báo cáo tiếp nhận phản ánh"), // 1 − 2 × 0.25 = 0.5
    ("3.3.3", "Có", "Báo cáo quý IV/2024"),
    ("3.4.1", "380/400", "Hệ thống thông tin giải quyết TTHC tỉnh"), // 95% → [95, 98) → 1.5
    ("3.4.2", "Có văn bản xin lỗi nhưng không đầy đủ", "Văn bản xin lỗi 5/SXD"), // 0.5
    ("3.4.3", "Có", "Báo cáo số hóa hồ sơ"),
    ("3.5.1", "150/160", "Báo cáo một cửa"), // 93.75% → [80, 95) → 0.5
    // Domain 4: 1 + 1 + 1 + 1 + 0.8 + 1 + 1.25 + 0.5 + 1 + 0.5 = 9.05 of 10.5.
    ("4.1.1", "Tham mưu kịp thời", "Tờ trình 30/TTr-SXD"),
    ("4.1.2", "1", "Báo cáo tổ chức bộ máy"), // 1.5 − 1 × 0.5 = 1
    ("4.1.3", "Có", "Quyết định 55/QĐ-SXD"),
    ("4.2.1", "Có", "Đề án vị trí việc làm"),
    ("4.2.2", "8/10", "Báo cáo biên chế"), // 80% × 1 = 0.8
    ("4.2.3", "Kịp thời, đúng quy định", "Quyết định phân cấp"),
    ("4.3.1", "1.25", "Báo cáo kiểm tra phân cấp"),
    ("4.3.2", "2", "Quyết định ủy quyền 8, 9/QĐ-SXD"), // 2 × 0.25 = 0.5
    ("4.4.1", "Có", "Quy chế làm việc"),
    ("4.4.2", "0.5", "Báo cáo thực hiện quy chế"),
    // Domain 5: 1 + 1 + 1 + 1.5 + 0.75 + 1 + 0.9 + 1 + 1 + 1.5 + 0.5 + 1 = 12.15 of 15.
    ("5.1.1", "0", "Báo cáo công tác cán bộ"),
    ("5.1.2", "19/20", "Báo cáo tuyển dụng"), // 95% → [95, 100] → 1
    ("5.1.3", "Có", "Kế hoạch tuyển dụng"),
    ("5.2.1", "Có", "Quyết định bổ nhiệm"),
    ("5.2.2", "Đúng quy trình nhưng chậm thời hạn", "Hồ sơ bổ nhiệm lại"), // 0.75
    ("5.3.1", "75", "Báo cáo đào tạo, bồi dưỡng"),                         // [70, 90) → 1
    ("5.3.2", "18/20", "Danh sách đánh giá công chức"),                    // 90% × 1 = 0.9
    ("5.4.1", "Ban hành kế hoạch và thực hiện đầy đủ", "Kế hoạch kiểm tra công vụ"),
    ("5.4.2", "1", "Thông báo kết quả kiểm tra công vụ"), // 1.5 − 0.5 = 1
    ("5.4.3", "9/10", "Báo cáo kỷ luật, kỷ cương"),       // 90% → [90, 100] → 1.5
    ("5.5.1", "1", "Giấy khen"),                          // 1 × 0.5 = 0.5
    ("5.5.2", "1", "Báo cáo văn hóa công vụ"),
    // Domain 6: 1 + 1 + 1 + 1 + 1 + 0.5 + 1.5 + 0.75 = 7.75 of 10.
    ("6.1.1", "96", "Báo cáo tài chính năm 2024"), // [95, 100] → 1
    ("6.1.2", "Công khai đầy đủ, đúng thời hạn", "Quyết định công khai dự toán"),
    ("6.1.3", "4/5", "Báo cáo thực hiện kết luận kiểm toán"), // 80% → [80, 95) → 1
    ("6.2.1", "85/100", "Báo cáo giải ngân vốn đầu tư công"), // 85% → [80, 90) → 1
    ("6.2.2", "0", "Báo cáo đầu tư công"),
    ("6.3.1", "Ban hành không kịp thời", "Quy chế chi tiêu nội bộ"), // 0.5
    ("6.3.2", "Có", "Phương án tự chủ"),
    ("6.3.3", "0.75", "Báo cáo quản lý tài sản công"),
    // Domain 7: 0.5 + 1 + 1 + 1 + 1.2 + 0.75 + 1 + 1 + 0 + 0.75 + 1 + 1 = 10.2 of 15.
    ("7.1.1", "Ban hành kịp thời", "Kế hoạch chuyển đổi số 25/KH-SXD"),
    ("7.1.2", "88", "Báo cáo chuyển đổi số"), // [70, 90) → 1
    ("7.2.1", "460/500", "Phần mềm quản lý văn bản"), // 92% → [90, 95) → 1
    ("7.2.2", "470/500", "Báo cáo chữ ký số"), // 94% → [90, 95) → 1
    ("7.2.3", "40/50", "Cổng dịch vụ công"),  // 80% × 1.5 = 1.2
    ("7.3.1", "30/40", "Hệ thống thông tin giải quyết TTHC"), // 75% × 1 = 0.75
    ("7.3.2", "55/100", "Báo cáo thanh toán trực tuyến"), // 55% → [50, 80) → 1
    ("7.3.3", "60", "Báo cáo số hóa kết quả"), // [50, 100] → 1
    ("7.3.4", "Không", ""),                   // 0
    ("7.4.1", "1", "Báo cáo an toàn thông tin"), // 1 − 0.25 = 0.75
    ("7.4.2", "2", "Danh mục phần mềm dùng chung"), // 2 × 0.5 = 1
    ("7.4.3", "Không phát sinh", ""),         // na full → 1
    // Domain 8: survey 1.2 + 1.23 + 1.17 + 1.26 + 1.62 + 1.52 = 8, then 1 + 1 + 1 + 0.9 + 0.75:
    // 12.65 of 16.5.
    ("8.1.1", "80", "Kết quả điều tra xã hội học 2024"), // 80% × 1.5 = 1.2
    ("8.1.2", "82", "Kết quả điều tra xã hội học 2024"), // 1.23
    ("8.1.3", "78", "Kết quả điều tra xã hội học 2024"), // 1.17
    ("8.1.4", "84", "Kết quả điều tra xã hội học 2024"), // 1.26
    ("8.2.1", "81", "Kết quả SIPAS 2024"),               // 81% × 2 = 1.62
    ("8.2.2", "76", "Kết quả SIPAS 2024"),               // 1.52
    ("8.3.1", "80/100", "Báo cáo giải quyết phản ánh, kiến nghị"), // 80% → [70, 90) → 1
    ("8.3.2", "90/100", "Báo cáo giải quyết hồ sơ"),     // 90% → [85, 95) → 1
    ("8.3.3", "Không phát sinh", ""),                    // na full → 1
    ("8.3.4", "9/10", "Báo cáo khảo sát"),               // 90% × 1 = 0.9
    ("8.3.5", "1", "Báo cáo phản ánh"),                  // 1 − 0.25 = 0.75
];

/// Sở Xây dựng 2025, on the 2025 set: what changed since 2024 is marked in the comments.
/// Domains: 9.15 + 7.15 + 9.7 + 8.05 + 11.4 + 7.25 + 12.2 + 12.65 = 77.55 (2024: 78.3).
const SXD_2025: &[Fill] = &[
    // Domain 1: 0.5 + 1 + 1 + 2 + 1 + 1 + 0.25 + 1 + 0.4 + 1 = 9.15 of 10.
    ("1.1.1", "Ban hành không kịp thời", "Kế hoạch 20/KH-SXD ngày 25/02/2025"), // 0.5, was 1: fell
    ("1.1.2", "Có", "Kế hoạch 15/KH-SXD, mục II"),
    ("1.1.3", "Có", "Kế hoạch 15/KH-SXD, phụ lục trang 4"),
    ("1.1.4", "95", "Báo cáo 350/BC-SXD ngày 08/12/2025"), // (90, 100] → 2, was 1: improved
    ("1.2.1", "Có", "Báo cáo quý I, 6 tháng, quý III, năm 2025"),
    ("1.2.2", "Có", "Báo cáo 320/BC-SXD"),
    ("1.3.1", "Ban hành kế hoạch nhưng thực hiện không đầy đủ", "Kế hoạch kiểm tra 40/KH-SXD"), // 0.25
    ("1.3.2", "9/10", "Báo cáo kết quả kiểm tra"), // 90% → [90, 100] → 1
    ("1.4.1", "80", "Báo cáo tuyên truyền CCHC"),  // 80% × 0.5 = 0.4
    ("1.4.2", "Có", "Quyết định 12/QĐ-SXD"),
    // Domain 2: 1 + 1 + 0.75 + 0.5 + 0 + 1 + 0.9 + 0.25 + 0.75 + 1 = 7.15 of 10.
    ("2.1.1", "3/4", "Tờ trình 45/TTr-SXD"), // 75% → [70, 90) → 1
    ("2.1.2", "Có", ""),                     // 1 claimed without evidence
    ("2.1.3", "0.75", "Văn bản góp ý dự thảo"),
    ("2.2.1", "Ban hành kịp thời", "Kế hoạch rà soát 20/KH-SXD"),
    ("2.2.2", "65", "Báo cáo rà soát văn bản 2025"), // [0, 70) → 0, was 1: fell to zero
    ("2.2.3", "Không phát sinh", ""),                // na full → 1
    ("2.3.1", "90", "Báo cáo theo dõi thi hành pháp luật"), // 90% × 1 = 0.9
    ("2.3.2", "1", "Hội nghị phổ biến pháp luật 15/6/2025"), // 1 × 0.25
    ("2.4.1", "1", "Báo cáo kiểm tra văn bản"),      // 1 − 0.25 = 0.75
    ("2.4.2", "12/15", "Báo cáo pháp chế"),          // 80% → [80, 100] → 1
    // Domain 3: 1 + 0.5 + 1 + 1 + 0.25 + 0 + 0.95 + 0.5 + 1.5 + 0.5 + 1 + 0.5 + 1 = 9.7 of 13.
    ("3.1.1", "100", "Quyết định công bố TTHC 210/QĐ-UBND"),
    ("3.1.2", "1", "Phương án đơn giản hóa TTHC"), // 1 × 0.5 = 0.5 of 1
    ("3.2.1", "0", "Ảnh chụp niêm yết tại Bộ phận một cửa"),
    ("3.2.2", "Có", "Trang thông tin điện tử của Sở"),
    ("3.2.3", "Đầy đủ nhưng không kịp thời", "Báo cáo tình hình giải quyết TTHC"), // 0.25
    ("3.2.4", "Không", ""),                                                        // 0
    ("3.3.1", "19/20", "Sổ theo dõi hồ sơ"),                                       // 95% × 1 = 0.95
    ("3.3.2", "2", "Báo cáo tiếp nhận phản ánh"), // 1 − 2 × 0.25 = 0.5
    ("3.4.1", "380/400", "Hệ thống thông tin giải quyết TTHC tỉnh"), // 95% → [95, 98) → 1.5
    ("3.4.2", "Có văn bản xin lỗi nhưng không đầy đủ", "Văn bản xin lỗi 5/SXD"), // 0.5
    ("3.4.3", "Có", "Báo cáo số hóa hồ sơ"),
    ("3.4.4", "60/100", "Báo cáo số hóa kết quả giải quyết TTHC"), // added in 2025: 60% → [50, 70) → 0.5
    ("3.5.1", "158/160", "Báo cáo một cửa 2025"), // 98.75% → [95, 100] → 1, was 0.5: improved
    // Domain 4: 1 + 1 + 1 + 1 + 0.8 + 1 + 1.25 + 0.5 + 0 + 0.5 = 8.05 of 10.5.
    ("4.1.1", "Tham mưu kịp thời", "Tờ trình 30/TTr-SXD"),
    ("4.1.2", "1", "Báo cáo tổ chức bộ máy"), // 1.5 − 1 × 0.5 = 1
    ("4.1.3", "Có", "Quyết định 55/QĐ-SXD"),
    ("4.2.1", "Có", "Đề án vị trí việc làm"),
    ("4.2.2", "8/10", "Báo cáo biên chế"), // 80% × 1 = 0.8
    ("4.2.3", "Kịp thời, đúng quy định", "Quyết định phân cấp"),
    ("4.3.1", "1.25", "Báo cáo kiểm tra phân cấp"),
    ("4.3.2", "2", "Quyết định ủy quyền 8, 9/QĐ-SXD"), // 2 × 0.25 = 0.5
    ("4.4.1", "Không", ""),                            // 0, was 1: fell to zero
    ("4.4.2", "0.5", "Báo cáo thực hiện quy chế"),
    // Domain 5: 1 + 0 + 1 + 1.5 + 0.75 + 1 + 0.9 + 1 + 1 + 1.5 + 1.25 + 0.5 = 11.4 of 15.
    ("5.1.1", "0", "Báo cáo công tác cán bộ"),
    ("5.1.2", "15/20", "Báo cáo tuyển dụng 2025"), // 75% → [0, 80) → 0, was 1: fell to zero
    ("5.1.3", "Có", "Kế hoạch tuyển dụng"),
    ("5.2.1", "Có", "Quyết định bổ nhiệm"),
    ("5.2.2", "Đúng quy trình nhưng chậm thời hạn", "Hồ sơ bổ nhiệm lại"), // 0.75
    ("5.3.1", "75", "Báo cáo đào tạo, bồi dưỡng"),                         // [70, 90) → 1
    ("5.3.2", "18/20", "Danh sách đánh giá công chức"),                    // 90% × 1 = 0.9
    ("5.4.1", "Ban hành kế hoạch và thực hiện đầy đủ", "Kế hoạch kiểm tra công vụ"),
    ("5.4.2", "1", "Thông báo kết quả kiểm tra công vụ"), // 1.5 − 0.5 = 1
    ("5.4.3", "9/10", "Báo cáo kỷ luật, kỷ cương"),       // 90% → [90, 100] → 1.5
    ("5.4.4", "1.25", "Báo cáo văn hóa công vụ 2025"),    // was 5.5.2 (1): renumbered, improved
    ("5.5.1", "1", "Giấy khen"),                          // 1 × 0.5 = 0.5
    // Domain 6: 0.5 + 1 + 1 + 1 + 1 + 0.5 + 1.5 + 0.75 = 7.25 of 10.
    ("6.1.1", "90", "Báo cáo tài chính năm 2025"), // [85, 95) → 0.5, was 1: fell
    ("6.1.2", "Công khai đầy đủ, đúng thời hạn", "Quyết định công khai dự toán"),
    ("6.1.3", "4/5", "Báo cáo thực hiện kết luận kiểm toán"), // 80% → [80, 95) → 1
    ("6.2.1", "85/100", "Báo cáo giải ngân vốn đầu tư công"), // 85% → [80, 90) → 1
    ("6.2.2", "0", "Báo cáo đầu tư công"),
    ("6.3.1", "Ban hành không kịp thời", "Quy chế chi tiêu nội bộ"), // 0.5
    ("6.3.2", "Có", ""),                                             // 1.5 claimed without evidence
    ("6.3.3", "0.75", "Báo cáo quản lý tài sản công"),
    // Domain 7: 0.5 + 1 + 1 + 1 + 1.2 + 1 + 0.75 + 2 + 1 + 0.75 + 1 + 1 = 12.2 of 15.
    ("7.1.1", "Ban hành kịp thời", "Kế hoạch chuyển đổi số 25/KH-SXD"),
    ("7.1.2", "88", ""), // [70, 90) → 1, claimed without evidence
    ("7.2.1", "460/500", "Phần mềm quản lý văn bản"), // 92% → [90, 95) → 1
    ("7.2.2", "470/500", "Báo cáo chữ ký số"), // 94% → [90, 95) → 1
    ("7.2.3", "40/50", "Cổng dịch vụ công"), // 80% × 1.5 = 1.2
    ("7.2.4", "Có", "Báo cáo kết nối, chia sẻ dữ liệu 2025"), // was 7.3.4 (0): renumbered, improved to 1
    ("7.3.1", "30/40", "Hệ thống thông tin giải quyết TTHC"), // 75% × 1 = 0.75
    ("7.3.2", "85/100", "Báo cáo thanh toán trực tuyến 2025"), // 85% → [80, 100] → 2, was 1: improved
    ("7.3.3", "60", "Báo cáo số hóa kết quả"),                 // [50, 100] → 1
    ("7.4.1", "1", "Báo cáo an toàn thông tin"),               // 1 − 0.25 = 0.75
    ("7.4.2", "2", "Danh mục phần mềm dùng chung"),            // 2 × 0.5 = 1
    ("7.4.3", "Không phát sinh", ""),                          // na full → 1
    // Domain 8: survey 1.2 + 1.23 + 1.17 + 1.26 + 1.62 + 1.52 = 8, then 1 + 1 + 1 + 0.9 + 0.75:
    // 12.65 of 16.5.
    ("8.1.1", "80", "Kết quả điều tra xã hội học 2025"), // 80% × 1.5 = 1.2
    ("8.1.2", "82", "Kết quả điều tra xã hội học 2025"), // 1.23
    ("8.1.3", "78", "Kết quả điều tra xã hội học 2025"), // 1.17
    ("8.1.4", "84", "Kết quả điều tra xã hội học 2025"), // 1.26
    ("8.1.5", "76", "Kết quả SIPAS 2025"),               // was 8.2.2: 76% × 2 = 1.52, unchanged
    ("8.2.1", "81", "Kết quả SIPAS 2025"),               // 81% × 2 = 1.62
    ("8.3.1", "80/100", "Báo cáo giải quyết phản ánh, kiến nghị"), // 80% → [70, 90) → 1
    ("8.3.2", "90/100", "Báo cáo giải quyết hồ sơ"),     // 90% → [85, 95) → 1
    ("8.3.3", "Không phát sinh", ""),                    // na full → 1
    ("8.3.4", "9/10", "Báo cáo khảo sát"),               // 90% × 1 = 0.9
    ("8.3.5", "1", "Báo cáo phản ánh"),                  // 1 − 0.25 = 0.75
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    std::fs::create_dir_all(&dir)?;
    let set_2024 = shipped("lai-chau/so/2024")?;
    let set_2025 = shipped("lai-chau/so/2025")?;

    for set in [&set_2024, &set_2025] {
        let meta = TemplateMeta { unit: "Sở Xây dựng".into(), year: set.year };
        let name = format!("template-{}.xlsx", set.id.replace('/', "-"));
        std::fs::write(dir.join(name), write_template(set, &meta, None)?)?;
    }

    for (set, fills) in [(&set_2024, SXD_2024), (&set_2025, SXD_2025)] {
        let inputs = inputs(set, fills)?;
        let meta = TemplateMeta { unit: "Sở Xây dựng".into(), year: set.year };
        let name = format!("so-xay-dung-{}.xlsx", set.year);
        std::fs::write(dir.join(name), write_template(set, &meta, Some(&inputs))?)?;
    }

    // Other tools' workbooks: a plain table, as typed by a person.
    let plain = Plain { set: &set_2024, fills: SXD_2024 };
    plain.write(
        &dir.join("decimal-comma-text.xlsx"),
        &Col::ALL,
        |_, v| Cell::Text(v.replace('.', ",")),
        None,
    )?;
    let shuffled = [
        Col::Evidence,
        Col::SelfScore,
        Col::Denominator,
        Col::Value,
        Col::Name,
        Col::Code,
        Col::Numerator,
    ];
    plain.write(&dir.join("shuffled-columns.xlsx"), &shuffled, |_, v| Cell::typed(v), None)?;
    plain.write(&dir.join("missing-row.xlsx"), &Col::ALL, |_, v| Cell::typed(v), Some("5.3.1"))?;
    plain.write(
        &dir.join("score-above-max.xlsx"),
        &Col::ALL,
        |code, v| if code == "4.3.1" { Cell::Number(2.0) } else { Cell::typed(v) },
        None,
    )?;
    println!("fixtures written to {}", dir.display());
    Ok(())
}

fn shipped(id: &str) -> Result<CriteriaSet, String> {
    catalog::find(id).ok_or_else(|| format!("no shipped set {id}"))
}

/// The core's inputs for a fill table, read the way the template's cells are.
fn inputs(set: &CriteriaSet, fills: &[Fill]) -> Result<Inputs, String> {
    let mut inputs = Inputs::default();
    for (code, value, evidence) in fills {
        let node = set.find(code).ok_or_else(|| format!("{code} is not in {}", set.id))?;
        let rule = node.rule.as_ref().ok_or_else(|| format!("{code} is not a leaf"))?;
        let d = |s: &str| s.parse::<Decimal>().map_err(|e| format!("{code}: {s}: {e}"));
        let input = if *value == "Không phát sinh" {
            Input::NotApplicable
        } else {
            match rule {
                Rule::Manual { .. } => Input::Score(d(value)?),
                Rule::Boolean { .. } => Input::Yes(*value == "Có"),
                Rule::Choice { .. } => Input::Choice(value.to_string()),
                Rule::Bands { input: RatioInput::Fraction, .. }
                | Rule::Proportional { input: RatioInput::Fraction } => {
                    let (n, den) =
                        value.split_once('/').ok_or_else(|| format!("{code}: expected n/d"))?;
                    Input::Fraction { numerator: d(n)?, denominator: d(den)? }
                }
                Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
                    Input::Percent(d(value)?)
                }
                Rule::Deduction { .. } | Rule::Count { .. } => {
                    Input::Count(value.parse().map_err(|e| format!("{code}: {e}"))?)
                }
            }
        };
        let entry = inputs.set(code, input);
        if !evidence.is_empty() {
            entry.evidence = Some(evidence.to_string());
        }
    }
    Ok(inputs)
}

enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// A number where the text is one, as Excel stores what a person types.
    fn typed(v: &str) -> Cell {
        v.parse::<f64>().map(Cell::Number).unwrap_or_else(|_| Cell::Text(v.to_string()))
    }
}

/// A plain sheet: a title row, a header in the given column order, one row per node.
struct Plain<'a> {
    set: &'a CriteriaSet,
    fills: &'a [Fill],
}

impl Plain<'_> {
    fn write(
        &self,
        path: &Path,
        cols: &[Col],
        cell: impl Fn(&str, &str) -> Cell,
        skip: Option<&str>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Tự đánh giá")?;
        sheet.write_string(0, 0, "BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024 - SỞ XÂY DỰNG")?;
        for (c, col) in cols.iter().enumerate() {
            sheet.write_string(2, c as u16, col.header())?;
        }
        let mut row = 3;
        for node in self.set.nodes() {
            if Some(node.code.as_str()) == skip {
                continue;
            }
            let fill = self.fills.iter().find(|f| f.0 == node.code);
            let rule = node.rule.as_ref();
            let fraction = matches!(
                rule,
                Some(Rule::Bands { input: RatioInput::Fraction, .. })
                    | Some(Rule::Proportional { input: RatioInput::Fraction })
            );
            for (c, col) in cols.iter().enumerate() {
                let c = c as u16;
                let value: Option<Cell> = match (col, fill) {
                    (Col::Code, _) => Some(Cell::Text(node.code.clone())),
                    (Col::Name, _) => Some(Cell::Text(node.name.clone())),
                    (Col::Max, _) => Some(Cell::typed(&node.max.to_string())),
                    (Col::Evidence, Some(f)) if !f.2.is_empty() => {
                        Some(Cell::Text(f.2.to_string()))
                    }
                    (Col::Value, Some(f))
                        if !fraction && !matches!(rule, Some(Rule::Manual { .. })) =>
                    {
                        Some(cell(&node.code, f.1))
                    }
                    (Col::Numerator, Some(f)) if fraction && f.1.contains('/') => {
                        f.1.split('/').next().map(|v| cell(&node.code, v))
                    }
                    (Col::Denominator, Some(f)) if fraction && f.1.contains('/') => {
                        f.1.split('/').nth(1).map(|v| cell(&node.code, v))
                    }
                    (Col::Value, Some(f)) if fraction && !f.1.contains('/') => {
                        Some(Cell::Text(f.1.to_string()))
                    }
                    (Col::SelfScore, Some(f)) if matches!(rule, Some(Rule::Manual { .. })) => {
                        Some(cell(&node.code, f.1))
                    }
                    _ => None,
                };
                match value {
                    Some(Cell::Text(t)) => sheet.write_string(row, c, t)?,
                    Some(Cell::Number(n)) => sheet.write_number(row, c, n)?,
                    None => sheet,
                };
            }
            row += 1;
        }
        book.save(path)?;
        Ok(())
    }
}
