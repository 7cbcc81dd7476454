"""Boilerplate of the story corpus: the school introductions that articles share and the
notice templates (the hard negatives: same wording, other names, dates and figures).
"""

INTRO = [
    [
        (
            "{School} is a public full-time vocational institution founded in {founded} and "
            "administered by the {city} Municipal Education Bureau. It covers an area of {area} mu, "
            "with {barea} square metres of buildings and teaching equipment worth {assets} million "
            "yuan. It has {students} full-time students and {staff} staff, including {profs} "
            "professors and associate professors.",
            "{school}创建于{founded}年，是由{city}市教育局主管的公办全日制职业院校。学校占地{area}亩，"
            "建筑面积{barea}平方米，教学仪器设备总值{assets}万元。现有全日制在校生{students}人，"
            "教职工{staff}人，其中教授、副教授{profs}人。",
        ),
        (
            "Founded in {founded}, {school} is one of the first national demonstration schools for "
            "vocational education reform in {province}, with {students} students, {staff} teachers "
            "and staff and a campus of {area} mu.",
            "{school}始建于{founded}年，是{province}首批国家级职业教育改革发展示范学校，现有在校生"
            "{students}人，教职工{staff}人，校园面积{area}亩。",
        ),
    ],
    [
        (
            "The school offers {nmajors} programmes, including {major}, {major2}, {major3} and "
            "{major4}. It has been named a national model school for skilled talent training and an "
            "advanced unit of school-enterprise cooperation, and works with more than {ncomp} "
            "enterprises such as {company} and {company2}.",
            "学校开设{major}、{major2}、{major3}、{major4}等{nmajors}个专业，先后获评国家技能人才培养"
            "示范校、校企合作先进单位等称号，与{company}、{company2}等{ncomp}余家企业建立了长期合作关系。",
        ),
        (
            "Its {nmajors} programmes are grouped around {major}, {major2} and {major3}; {nbases} "
            "training bases on and off campus give students real workplaces, and the employment rate "
            "of graduates has stayed above {pct} percent for years.",
            "学校围绕{major}、{major2}、{major3}等专业群开设{nmajors}个专业，建有校内外实训基地"
            "{nbases}个，毕业生就业率多年保持在{pct}%以上。",
        ),
    ],
    [
        (
            'Guided by the motto "{motto}", the school follows the path of integrating industry '
            "and education and has trained more than {alumni} skilled workers for the region.",
            "学校秉承“{motto}”的校训，坚持产教融合、校企合作的办学道路，累计为社会培养各类技术技能"
            "人才{alumni}余人。",
        ),
        (
            'The school keeps to its motto "{motto}" and aims to become a high-level vocational '
            "school with distinctive characteristics in {province}.",
            "学校坚持“{motto}”的校训，努力建设{province}特色鲜明的高水平职业学校。",
        ),
    ],
]

# -- notices filled into one template (category "notice") ------------------------------------

NOTICES = [
    {
        "title": (
            "Notice on the results of the {year} selection of outstanding "
            "school-enterprise cooperation cases",
            "关于公布{year}年度校企合作优秀案例评选结果的通知",
        ),
        "paragraphs": [
            ("To all schools and departments:", "各二级学院、各部门："),
            (
                "In accordance with the Notice on the {year} Selection of Outstanding "
                "School-Enterprise Cooperation Cases (No. {docno} [{year}]), and after "
                "recommendation by the units, review by experts and approval by the president's "
                "office meeting, {a} first prizes, {b} second prizes and {c} third prizes have "
                "been selected and are hereby announced.",
                "根据《关于开展{year}年度校企合作优秀案例评选工作的通知》（{abbr}发〔{year}〕{docno}号）"
                "要求，经各单位推荐、专家评审、校长办公会审定，共评选出校企合作优秀案例一等奖{a}项、"
                "二等奖{b}项、三等奖{c}项，现予以公布。",
            ),
            ("First prizes: {cases1}.", "一等奖：{cases1}。"),
            ("Second prizes: {cases2}.", "二等奖：{cases2}。"),
            (
                "The award-winning units are expected to cherish the honour and play a leading "
                "role; all units should learn from the winning cases, further deepen the "
                "integration of industry and education and promote the high-quality development "
                "of the school.",
                "希望获奖单位珍惜荣誉，发挥示范引领作用；各单位要以获奖案例为榜样，进一步深化产教融合、"
                "校企合作，推动学校高质量发展。",
            ),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": (
            "Notice on holding the {year} training course for backbone teachers of {major}",
            "关于举办{year}年{province}职业院校{major}专业骨干教师培训班的通知",
        ),
        "paragraphs": [
            ("To all vocational schools:", "各职业院校："),
            (
                "To improve the teaching ability of vocational school teachers, it has been "
                "decided to hold a training course for backbone teachers of {major} at {school} "
                "from {d1} to {d2}. The arrangements are as follows.",
                "为提升职业院校教师专业教学能力，经研究，决定于{d1}至{d2}在{school}举办{major}专业骨干"
                "教师培训班。现将有关事项通知如下：",
            ),
            (
                "1. Participants: backbone teachers of {major} and related programmes, at most {a} "
                "per school.",
                "一、培训对象：各职业院校{major}及相关专业骨干教师，每校限报{a}人。",
            ),
            (
                "2. Time and place: registration on {d1}, {b} days of training, at {school}, "
                "No. {c} {road} Road, {city}.",
                "二、培训时间和地点：{d1}报到，培训{b}天。地点：{school}（{city}市{road}路{c}号）。",
            ),
            ("3. Content: {topics}.", "三、培训内容：{topics}等。"),
            (
                "4. Requirements: please send the registration form to {email} before {d0}. Board "
                "and lodging are arranged by the organiser and costs are reimbursed by the "
                "participant's own school.",
                "四、有关要求：请各校于{d0}前将报名表发送至{email}。培训期间食宿统一安排，费用回原单位报销。",
            ),
            ("Contact: {contact}, telephone {phone}.", "联系人：{contact}，电话：{phone}。"),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": (
            "Public notice of the {year} internship placements of graduates",
            "关于{year}届毕业生顶岗实习单位安排的公示",
        ),
        "paragraphs": [
            (
                "In accordance with the school's internship management regulations, the "
                "internship placements of the {year} graduates of {major} are published below. "
                "The publicity period is from {d1} to {d2}.",
                "根据学校顶岗实习管理规定，现将{major}专业{year}届毕业生顶岗实习单位安排予以公示，"
                "公示期为{d1}至{d2}。",
            ),
            ("{placements}.", "{placements}。"),
            (
                "Anyone with objections during the publicity period may report them to the "
                "{dept} in writing or by telephone ({phone}).",
                "公示期间如有异议，请以书面或电话形式向{dept}反映，联系电话：{phone}。",
            ),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": ("{school} {year} enrollment guide", "{school}{year}年招生简章"),
        "paragraphs": [
            (
                "{School} is a public full-time vocational school approved by the {province} "
                "people's government. In {year} it plans to enroll {a} students in {b} "
                "programmes.",
                "{school}是经{province}人民政府批准设立的公办全日制职业院校，{year}年计划招生{a}人，"
                "开设{b}个专业。",
            ),
            ("Programmes and places: {quota}.", "招生专业及计划：{quota}。"),
            (
                "Tuition is {fee} yuan per year; students from rural households and families "
                "with financial difficulties are exempt from tuition and may apply for a grant of "
                "{grant} yuan per year.",
                "学费每生每年{fee}元，农村户籍和家庭经济困难学生免除学费，并可申请每年{grant}元国家助学金。",
            ),
            (
                "Registration runs from {d1} to {d2}. Enquiries: {contact}, telephone {phone}.",
                "报名时间：{d1}至{d2}。咨询电话：{phone}（{contact}）。",
            ),
        ],
    },
]
# Standing sentences a school's office puts in its notices: each notice family (one office's
# template) uses its own few, in its own places, as real offices word their templates.
NOTICE_HOUSE = [
    (
        "All units are requested to attach great importance to this work and submit the "
        "materials on time.",
        "请各单位高度重视，认真组织，按时报送相关材料。",
    ),
    ("Matters not covered here will be notified separately.", "未尽事宜，另行通知。"),
    (
        "The {dept} is responsible for the interpretation of this notice.",
        "本通知由{dept}负责解释。",
    ),
    ("This notice is hereby given.", "特此通知。"),
    (
        "Attachment: registration form (please fill it in truthfully).",
        "附件：报名回执表（请如实填写）。",
    ),
    ("Late submissions will not be accepted.", "逾期不予受理。"),
    (
        "Please forward this notice to all teachers and students concerned.",
        "请将本通知转发至相关师生。",
    ),
    (
        "Materials must be submitted both on paper, stamped by the unit, and electronically.",
        "材料须同时报送加盖单位公章的纸质版和电子版。",
    ),
    (
        "The results will be published on the school website and the campus notice board.",
        "结果将在学校官网和校园公告栏同步公布。",
    ),
    (
        "Units that fail to complete the work will be criticised in the annual assessment.",
        "未按要求完成工作的单位将在年度考核中予以通报。",
    ),
    (
        "For details see the {dept} page of the school website.",
        "详情请登录学校官网{dept}专栏查询。",
    ),
    (
        "Supervision telephone of the discipline inspection office: {phone2}.",
        "纪检监察室监督电话：{phone2}。",
    ),
]

TOPICS = [
    ("new curriculum standards", "新课程标准解读"),
    ("modular teaching design", "模块化教学设计"),
    ("digital teaching resources", "数字化教学资源开发"),
    ("skills competition coaching", "技能大赛指导"),
    ("enterprise practice", "企业实践"),
    ("1+X certificate training", "1+X证书培训"),
    ("classroom evaluation", "课堂教学评价"),
    ("virtual simulation training", "虚拟仿真实训"),
]
ROADS = [
    "Zhongshan",
    "Renmin",
    "Jiefang",
    "Xinhua",
    "Changjiang",
    "Huanghe",
    "Beijing",
    "Yan'an",
    "Jianshe",
    "Wenhua",
]
ROADS_ZH = ["中山", "人民", "解放", "新华", "长江", "黄河", "北京", "延安", "建设", "文化"]
