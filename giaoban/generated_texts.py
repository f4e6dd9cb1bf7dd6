"""Names and sentences the generated data is made of (giaoban.generate).

Written in the style of liaison-meeting reports and conclusions; every name is
invented. ``{org}``, ``{committee}``, ``{n}``… are filled in by the generator.
"""

from organizations.models import OrganizationKind

PROVINCES = [
    "Lâm Giang", "Hà Sơn", "Bình Nguyên", "Thanh Hà", "Phú Lâm", "Quảng Điền", "Tây Sơn",
    "Đông Hải", "Vĩnh An", "Bắc Hà", "Nam Định Mới", "Hải Phong", "Kim Sơn", "Trà Giang",
    "Long Khánh", "An Phú", "Hòa Bình Mới", "Cẩm Giang", "Sơn Trà", "Ngọc Lâm", "Thái Nguyên Mới",
    "Tuyên Lâm", "Lạng Giang", "Cao Phong", "Điện Bàn Mới", "Gia Lộc", "Hưng Yên Mới", "Mỹ Tho",
    "Bến Hải", "Sông Cầu", "Phước Long", "Đồng Xuân", "Ea Súp", "Krông Bông",
]  # fmt: skip
COMMUNE_WORDS = [
    "An", "Bình", "Phú", "Hòa", "Tân", "Thạnh", "Long", "Mỹ", "Đông", "Tây", "Nam", "Bắc",
    "Trung", "Xuân", "Hưng", "Quang", "Vĩnh", "Phước", "Thuận", "Đức", "Lộc", "Hải", "Sơn", "Hà",
]  # fmt: skip
PEOPLE = [
    "Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Thị Hoa", "Hoàng Văn Nam",
    "Vũ Thị Thu", "Đặng Quốc Bảo", "Bùi Văn Long", "Đỗ Thị Mai", "Ngô Văn Thắng",
]  # fmt: skip

# Reporting organizations, in the order documents list them; the Youth Federation
# merges into the Youth Union on MERGER_DAY.
ORGANIZATIONS = (
    (OrganizationKind.FRONT, "Ủy ban MTTQ Việt Nam {level} {place}", "MTTQ"),
    (OrganizationKind.FARMERS, "Hội Nông dân {level} {place}", "Hội ND"),
    (OrganizationKind.WOMEN, "Hội Liên hiệp Phụ nữ {level} {place}", "Hội LHPN"),
    (OrganizationKind.VETERANS, "Hội Cựu chiến binh {level} {place}", "Hội CCB"),
    (OrganizationKind.YOUTH_UNION, "Đoàn TNCS Hồ Chí Minh {level} {place}", "Đoàn TN"),
    (OrganizationKind.YOUTH_FEDERATION, "Hội LHTN Việt Nam {level} {place}", "Hội LHTN"),
    (OrganizationKind.PARTY_BODY, "Ban Dân vận {committee}", "Ban DV"),
)  # fmt: skip

RESULTS = [
    "{org} chủ động phối hợp tổ chức tốt Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, "
    "đô thị văn minh”; vận động Quỹ “Vì người nghèo” được {n} triệu đồng, hỗ trợ xây mới và sửa "
    "chữa {m} nhà Đại đoàn kết cho hộ nghèo trên địa bàn.",
    "Thực hiện Công văn số {n}-CV/{suffix} của {committee}, {org} hoàn thành kế hoạch giám sát; "
    "tổ chức {m} cuộc giám sát chuyên đề và hội nghị phản biện xã hội đối với dự thảo nghị quyết.",
    "Công tác tuyên truyền, giáo dục chính trị tư tưởng cho đoàn viên, hội viên được quan tâm; "
    "tổ chức {m} hội nghị quán triệt Nghị quyết của Đảng với {n} lượt người tham dự.",
    "Phát triển mới {n} đoàn viên, hội viên; kiện toàn tổ chức, cán bộ ở {m} chi hội; chất lượng "
    "sinh hoạt chi hội có chuyển biến tích cực, nội dung sinh hoạt phong phú hơn.",
    "Phối hợp tổ chức {m} lớp tập huấn chuyển giao khoa học kỹ thuật cho {n} lượt hội viên; hướng "
    "dẫn xây dựng mô hình liên kết sản xuất, tiêu thụ sản phẩm nông nghiệp theo chuỗi giá trị.",
    "Chuẩn bị chu đáo các điều kiện tổ chức Đại hội nhiệm kỳ mới theo hướng dẫn của cấp trên; "
    "công tác dân vận chính quyền, dân vận khéo được đẩy mạnh, {m} mô hình được biểu dương.",
    "Tham gia giữ gìn an ninh chính trị, trật tự an toàn xã hội ở khu dân cư; hòa giải thành "
    "{m} vụ việc mâu thuẫn trong nhân dân, không để phát sinh điểm nóng.",
    "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, định danh điện tử và thanh toán không "
    "dùng tiền mặt; hỗ trợ {n} lượt người dân thực hiện thủ tục hành chính trên môi trường số.",
]
SHORTCOMINGS = [
    "Việc nắm bắt tình hình tư tưởng của đoàn viên, hội viên ở một số cơ sở chưa kịp thời.",
    "Chất lượng sinh hoạt ở một số chi hội chưa cao; nội dung chưa phong phú, hình thức chưa "
    "hấp dẫn.",
    "Công tác phối hợp giữa các cấp hội ở một số địa bàn chưa chặt chẽ, thông tin báo cáo "
    "còn chậm.",
    "Công tác giám sát và phản biện xã hội có mặt còn hình thức, kiến nghị sau giám sát chưa "
    "được theo dõi đến cùng.",
]
DIFFICULTIES = [
    "Kinh phí hoạt động ở cơ sở còn hạn hẹp; đội ngũ cán bộ kiêm nhiệm nhiều việc.",
    "Sau sắp xếp đơn vị hành chính, một số cơ sở chưa ổn định tổ chức, cán bộ.",
    "Địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa lũ, ảnh hưởng đến hoạt động.",
]
NEXT_TASKS = [
    "Tiếp tục tuyên truyền, vận động đoàn viên, hội viên thực hiện tốt chủ trương, đường lối "
    "của Đảng, chính sách, pháp luật của Nhà nước; thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị.",
    "Nâng cao chất lượng công tác giám sát và phản biện xã hội; chăm lo quyền và lợi ích hợp "
    "pháp, chính đáng của đoàn viên, hội viên.",
    "Đẩy mạnh công tác dân vận, xây dựng khối đại đoàn kết toàn dân tộc; chuẩn bị tốt Đại hội "
    "MTTQ các cấp.",
]
PROPOSALS = [
    ("Đề nghị {committee} quan tâm bố trí kinh phí tổ chức đại hội nhiệm kỳ mới.", "Thường trực"),
    ("Đề nghị Ủy ban nhân dân chỉ đạo các ngành phối hợp giải quyết kiến nghị của cử tri về "
     "đền bù giải phóng mặt bằng, cấp giấy chứng nhận quyền sử dụng đất.", "Ủy ban nhân dân"),
    ("Đề nghị hướng dẫn việc kiện toàn cán bộ chuyên trách sau sắp xếp tổ chức bộ máy.",
     "Ban Tổ chức"),
    ("Đề nghị quan tâm hỗ trợ trang thiết bị phục vụ chuyển đổi số trong hoạt động của tổ chức.",
     "Ủy ban nhân dân"),
]  # fmt: skip
CONCLUSION = [
    "Trong {period}, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội đã bám sát nhiệm vụ "
    "chính trị của địa phương, chủ động tham mưu, triển khai có hiệu quả các nhiệm vụ trọng tâm; "
    "công tác dân vận tiếp tục được tăng cường, góp phần giữ vững ổn định chính trị.",
    "Các phong trào thi đua yêu nước, các cuộc vận động được triển khai sâu rộng; công tác an sinh "
    "xã hội, chăm lo người nghèo, gia đình chính sách được quan tâm.",
]
DIRECTIVES = [
    "Tiếp tục đổi mới nội dung, phương thức hoạt động; đẩy mạnh chuyển đổi số trong hoạt động "
    "của tổ chức, báo cáo kết quả về Ban Dân vận.",
    "Chủ trì, phối hợp tổ chức giám sát việc thực hiện chính sách hỗ trợ người dân vùng dự án "
    "trọng điểm; báo cáo kết quả trước ngày hết hạn.",
    "Phối hợp hướng dẫn hội viên phòng, chống dịch bệnh trên cây trồng, vật nuôi; mở rộng mô "
    "hình liên kết sản xuất.",
    "Tổng hợp những kiến nghị, đề xuất của Mặt trận và các đoàn thể chính trị - xã hội để báo cáo "
    "Thường trực cấp ủy.",
    "Chuẩn bị chu đáo các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam nhiệm kỳ mới; hoàn "
    "thành đại hội điểm theo đúng hướng dẫn.",
    "Tăng cường nắm tình hình tư tưởng đoàn viên, hội viên và nhân dân; kịp thời phản ánh những "
    "vấn đề phát sinh với cấp ủy.",
    "Vận động đoàn viên, hội viên tham gia xây dựng nông thôn mới, đô thị văn minh; nhân rộng "
    "các mô hình dân vận khéo.",
    "Rà soát, kiện toàn tổ chức, cán bộ sau sắp xếp; bảo đảm hoạt động thông suốt, không gián "
    "đoạn.",
]
