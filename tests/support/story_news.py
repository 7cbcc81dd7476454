"""Sentence templates of the story corpus's news articles, in English and Chinese.

`{x}` slots are filled from one article's facts (`tests.support.story_corpus`).
"""

# -- sentence templates ----------------------------------------------------------------------
# `{x}` slots are filled from one article's facts (its school, partner, people, majors), so an
# article is coherent; numbers are drawn per sentence, so two articles never agree by chance.

LEADS = {
    "visit": [
        (
            "On {date}, a delegation led by {guest} of {school2} visited {school} to study its "
            "experience in school-enterprise cooperation.",
            "{date}，{school2}{guest}一行到{school}考察交流校企合作工作。",
        ),
        (
            "{Guest} of {school2} led a delegation of {n1} teachers to {school} on {date} for an "
            "exchange visit.",
            "{date}，{school2}{guest}带队，一行{n1}人赴{school}开展交流访问。",
        ),
        (
            "On {date}, {school} welcomed a delegation from {school2} headed by {guest}.",
            "{date}，{school}迎来了由{school2}{guest}率领的考察团。",
        ),
    ],
    "agreement": [
        (
            "On {date}, {school} and {company} signed a school-enterprise cooperation agreement "
            "in {city}.",
            "{date}，{school}与{company}在{city}签订校企合作协议。",
        ),
        (
            "{School} signed a strategic cooperation agreement with {company} on {date}, opening "
            "a new stage in the partnership between the two sides.",
            "{date}，{school}与{company}签署战略合作协议，双方合作迈上新台阶。",
        ),
        (
            "A signing ceremony for the cooperation agreement between {school} and {company} was "
            "held on {date}.",
            "{date}，{school}与{company}校企合作协议签约仪式隆重举行。",
        ),
    ],
    "base": [
        (
            "On {date}, the {major} training base jointly built by {school} and {company} was "
            "officially unveiled.",
            "{date}，{school}与{company}共建的{major}实训基地正式揭牌。",
        ),
        (
            "{School} and {company} held an unveiling ceremony for their joint production and "
            "training base on {date}.",
            "{date}，{school}与{company}联合举行产教融合实训基地揭牌仪式。",
        ),
    ],
    "competition": [
        (
            "From {date}, {n1} students of {school} took part in the provincial vocational skills "
            "competition in {major}, winning {n2} first prizes.",
            "{date}起，{school}{n1}名学生参加全省职业院校技能大赛{major}赛项，荣获一等奖{n2}项。",
        ),
        (
            "The {year} {city} vocational skills competition, hosted by {school}, opened on {date} "
            "with {n3} contestants from {n1} schools.",
            "{date}，由{school}承办的{year}年{city}职业技能大赛开幕，来自{n1}所学校的{n3}名选手参赛。",
        ),
    ],
    "teachers": [
        (
            "A {n1}-day training course for {major} teachers, organised by {school} together with "
            "{company}, began on {date}.",
            "{date}，{school}联合{company}举办的{major}专业教师培训班开班，培训为期{n1}天。",
        ),
        (
            "On {date}, {n2} teachers from {school2} arrived at {school} for a month of "
            "professional training in {major}.",
            "{date}，{school2}{n2}名教师来到{school}，开始为期一个月的{major}专业跟岗培训。",
        ),
    ],
    "jobs": [
        (
            "On {date}, {school} held a campus job fair attended by {n3} employers offering more "
            "than {n4} positions.",
            "{date}，{school}举办校园双选会，{n3}家用人单位进校招聘，提供岗位{n4}余个。",
        ),
        (
            "{N2} students of the {major} programme at {school} started their internships at "
            "{company} on {date}.",
            "{date}，{school}{major}专业{n2}名学生正式进入{company}开展顶岗实习。",
        ),
    ],
    "eastwest": [
        (
            "Under the east-west cooperation programme, {school} and {school2} held a joint "
            "working meeting on {date}.",
            "{date}，{school}与{school2}召开东西部协作联席工作会议。",
        ),
        (
            "On {date}, {school} sent {n1} backbone teachers to {school2} to support the "
            "development of its {major} programme.",
            "{date}，{school}选派{n1}名骨干教师赴{school2}开展{major}专业建设帮扶工作。",
        ),
    ],
    "apprentice": [
        (
            "On {date}, the opening ceremony of the {company} order class was held at {school}, "
            "enrolling {n2} students of {major}.",
            "{date}，{company}订单班开班仪式在{school}举行，首批招收{major}专业学生{n2}名。",
        ),
        (
            "{School} and {company} launched a modern apprenticeship pilot in {major} on {date}.",
            "{date}，{school}与{company}启动{major}专业现代学徒制试点。",
        ),
    ],
}

BODY = [
    (
        "The delegation toured the {major} training centre, the school history museum and the "
        "innovation and entrepreneurship park.",
        "考察团一行参观了{major}实训中心、校史馆和创新创业园。",
    ),
    (
        "{Host} gave a detailed introduction to the school's history, programme structure and "
        "achievements in talent training.",
        "{host}详细介绍了学校的发展历程、专业布局和人才培养成效。",
    ),
    (
        "{Boss} said that {company} has long attached great importance to cooperation with "
        "vocational colleges.",
        "{boss}表示，{company}一直高度重视与职业院校的合作。",
    ),
    (
        "The two sides held in-depth discussions on curriculum development, joint teaching teams "
        "and student internships.",
        "双方围绕课程开发、师资共建、学生实习等议题进行了深入交流。",
    ),
    (
        "According to the agreement, {company} will provide equipment worth {n1} million yuan and "
        "accept {n3} interns every year.",
        "根据协议，{company}将投入价值{n1}00万元的设备，每年接收{n3}名实习生。",
    ),
    (
        "The school will set up a special class in {major} and adjust its curriculum to the needs "
        "of the enterprise.",
        "学校将开设{major}专业定向班，并根据企业需求调整课程设置。",
    ),
    (
        "Teachers and engineers will jointly compile {n1} textbooks based on real production "
        "tasks.",
        "校企双方教师和工程师将依托真实生产任务共同编写{n1}部活页式教材。",
    ),
    (
        "In recent years the school has trained more than {n4} skilled workers for the "
        "{industry} industry.",
        "近年来，学校累计为{industry}行业培养技术技能人才{n4}余人。",
    ),
    (
        "The employment rate of graduates of the {major} programme has exceeded {pct} percent for "
        "{n1} consecutive years.",
        "{major}专业毕业生就业率连续{n1}年保持在{pct}%以上。",
    ),
    (
        "Participants agreed that integrating industry and education is the key to improving the "
        "quality of vocational education.",
        "与会人员一致认为，深化产教融合是提升职业教育质量的关键。",
    ),
    (
        "The base covers an area of {n4} square metres and can host {n3} students at a time.",
        "该基地占地面积{n4}平方米，可同时容纳{n3}名学生开展实训。",
    ),
    (
        "{Host} thanked the {city} education bureau and local enterprises for their long-standing "
        "support.",
        "{host}对{city}市教育局和当地企业的长期支持表示感谢。",
    ),
    (
        "Both sides will share resources in teacher training, technical research and social "
        "services.",
        "双方将在师资培训、技术研发和社会服务等方面实现资源共享。",
    ),
    (
        "During the visit, the guests observed classes in {major2} and talked with students and "
        "teachers.",
        "其间，来宾们观摩了{major2}专业课堂教学，并与师生亲切交谈。",
    ),
    (
        "The meeting reviewed the work of the past year and set out the tasks for the next stage.",
        "会议总结了过去一年的合作成效，并部署了下一阶段重点任务。",
    ),
    (
        "Students will spend {n1} months studying at school and {n2} months working on the "
        "production line.",
        "学生将在校学习{n1}个月，在企业生产一线岗位实践{n2}个月。",
    ),
    (
        "{Company} will also set up a scholarship of {n4} yuan to reward outstanding students.",
        "{company}还将设立{n4}元专项奖学金，用于奖励品学兼优的学生。",
    ),
    (
        "Experts from {company} gave lectures on new technologies, processes and standards in the "
        "{industry} industry.",
        "{company}技术专家为师生讲授了{industry}行业的新技术、新工艺和新规范。",
    ),
    (
        "The competition tested both theoretical knowledge and practical operation, with tasks "
        "designed by engineers from industry.",
        "比赛分理论知识和实操技能两部分，赛题由行业企业工程师参与设计。",
    ),
    (
        "Teachers who complete the training will receive a certificate issued jointly by the "
        "school and {company}.",
        "完成培训的教师将获得学校与{company}联合颁发的结业证书。",
    ),
    (
        "The job fair covered industries including {industry}, {industry2} and modern services.",
        "本次招聘会涵盖{industry}、{industry2}及现代服务业等多个行业。",
    ),
    (
        "Many students received offers on the spot, and {n3} reached preliminary employment "
        "agreements.",
        "不少学生现场收到录用意向，{n3}人初步达成就业协议。",
    ),
    (
        "{School2} will continue to learn from the experience of {school} in programme building "
        "and school management.",
        "{school2}将继续学习借鉴{school}在专业建设和学校管理方面的经验。",
    ),
    (
        "The cooperation is expected to benefit more than {n4} students over the next {n1} years.",
        "预计未来{n1}年，该合作项目将惠及{n4}余名学生。",
    ),
    (
        "Leaders of the relevant departments of both sides attended the event.",
        "双方相关部门负责人参加了活动。",
    ),
    (
        "{Host} hoped that the students would cherish the opportunity and master practical skills.",
        "{host}希望同学们珍惜机会，刻苦钻研，练就过硬本领。",
    ),
    (
        "The school has built {n2} training bases with enterprises inside and outside {province}.",
        "学校已与{province}内外企业共建实训基地{n2}个。",
    ),
    (
        "Since the partnership began in {year0}, the two sides have jointly trained {n4} students.",
        "自{year0}年合作以来，双方已联合培养学生{n4}名。",
    ),
    (
        "The two sides also discussed plans for a joint research centre for {industry} technology.",
        "双方还就共建{industry}技术研发中心进行了商讨。",
    ),
    (
        "A student representative spoke on behalf of the class and promised to study hard.",
        "学生代表作表态发言，表示将努力学习、不负期望。",
    ),
    (
        "{Guest} praised the school's achievements in integrating classroom teaching with real "
        "workplace tasks.",
        "{guest}对学校在课岗融通方面取得的成效给予高度评价。",
    ),
    (
        "The programme follows the national standards for {major} and the latest requirements of "
        "{industry} enterprises.",
        "该项目对接{major}专业国家教学标准和{industry}企业最新岗位要求。",
    ),
    (
        "At the symposium, heads of the two institutions exchanged views on talent cultivation "
        "and mutual visits of teachers.",
        "座谈会上，双方负责人就人才培养、教师互访等工作交换了意见。",
    ),
    (
        "The {city} Municipal Education Bureau has listed the project as a key cooperation "
        "project for {year}.",
        "该项目已被{city}市教育局列为{year}年度重点合作项目。",
    ),
    (
        "Graduates of the order class will be given priority for employment by {company}.",
        "订单班学生毕业后将优先被{company}录用。",
    ),
    (
        "The two schools will carry out joint enrollment in {major2}, with {n3} places this year.",
        "两校将在{major2}专业开展联合招生，今年计划招生{n3}人。",
    ),
    (
        "A total of {n2} cooperation projects were signed at the meeting, involving {n4} students.",
        "会上共签约合作项目{n2}个，涉及学生{n4}人。",
    ),
    (
        "{Boss} introduced the company's development, main products and demand for skilled talent.",
        "{boss}介绍了企业发展概况、主要产品和技术技能人才需求。",
    ),
    (
        "The trainees practised on the company's latest production equipment under the guidance "
        "of senior technicians.",
        "学员们在高级技师指导下，在企业最新生产设备上进行了实操训练。",
    ),
    (
        "The visit further strengthened the friendship and mutual trust between the two sides.",
        "此次交流进一步增进了双方的友谊与互信。",
    ),
]

# More body sentences, appended so the pool is large enough that two distinct articles share
# only a few of them (with 40, English articles on one theme had a median Jaccard near 0.27).
BODY += [
    (
        "{Host} pointed out that {school} had opened {n2} new programmes in the past {n1} years "
        "in response to the upgrading of the {industry} industry.",
        "{host}指出，近{n1}年来{school}围绕{industry}产业升级新增专业{n2}个。",
    ),
    (
        "{Boss} hoped that the graduates of {major} would bring fresh ideas to the {company} "
        "workshops.",
        "{boss}希望{major}专业的毕业生能为{company}的生产车间带来新思路。",
    ),
    (
        "The first group of {n3} students will start courses in {major2} in September.",
        "首批{n3}名学生将于9月开始{major2}专业课程学习。",
    ),
    (
        "The {company} production line installed on campus runs on the same standards as the "
        "factory in {city}.",
        "安装在校内的{company}生产线与其{city}工厂执行同一套生产标准。",
    ),
    (
        "{Reporter} learned that the school had received {n4} applications for the {major} "
        "programme this year, a record.",
        "记者{reporter}了解到，今年学校{major}专业报名人数达{n4}人，创历史新高。",
    ),
    (
        "The agreement runs for {n1} years and will be reviewed by both sides every year.",
        "协议有效期{n1}年，双方每年对合作情况进行评估。",
    ),
    (
        "A joint committee of {n2} members from {school} and {company} will supervise the "
        "teaching plan.",
        "由{school}和{company}共{n2}名成员组成的联合委员会将负责监督教学计划的实施。",
    ),
    (
        "Visitors tried the virtual reality welding trainer and the {industry} simulation lab.",
        "来宾们体验了虚拟现实焊接实训设备和{industry}仿真实验室。",
    ),
    (
        "{Guest} suggested that the two schools exchange teachers for one term every year.",
        "{guest}建议两校每年互派教师挂职交流一个学期。",
    ),
    (
        "In {year0}, the two sides had already run a short course in {major2} for {n3} trainees.",
        "早在{year0}年，双方就曾联合开展{major2}短期培训，培训学员{n3}人次。",
    ),
    (
        "The project received {n1} million yuan of special funds from the {province} department "
        "of education.",
        "该项目获得{province}教育厅专项资金{n1}00万元支持。",
    ),
    (
        "Engineers from {company} will teach {n2} hours of practical lessons each term.",
        "{company}工程师每学期将承担{n2}学时的实践教学任务。",
    ),
    ("{Host} and {boss} jointly unveiled the plaque.", "{host}与{boss}共同为基地揭牌。"),
    (
        "The students' work on {industry} equipment maintenance was displayed at the ceremony.",
        "仪式现场展示了学生在{industry}设备维护方面的实训作品。",
    ),
    (
        "The school library and the {company} training room will be open to employees of "
        "partner firms.",
        "学校图书馆和{company}培训室将向合作企业员工开放。",
    ),
    (
        "{Guest} invited teachers of {school} to visit {school2} next spring.",
        "{guest}邀请{school}教师明年春季赴{school2}回访交流。",
    ),
    (
        "So far, {n3} students have obtained vocational skill certificates in {major} through the "
        "programme.",
        "截至目前，已有{n3}名学生通过该项目取得{major}职业技能等级证书。",
    ),
    (
        "The competition was judged by a panel of {n1} experts from enterprises and universities.",
        "大赛由来自企业和高校的{n1}名专家组成评审组。",
    ),
    (
        "Parents of {n2} students attended the opening and visited the dormitories and canteen.",
        "{n2}名学生家长参加了开班仪式，并参观了学生宿舍和食堂。",
    ),
    (
        "The two sides agreed to hold a joint skills festival in {city} every autumn.",
        "双方商定每年秋季在{city}联合举办技能文化节。",
    ),
    (
        "{Boss} recalled that he himself had graduated from a vocational school {n1} years ago.",
        "{boss}回忆说，自己{n1}年前也毕业于一所职业学校。",
    ),
    (
        "The curriculum includes {n2} modules, {n1} of which are taught in the company's "
        "workshops.",
        "课程体系共设置{n2}个模块，其中{n1}个模块在企业车间完成教学。",
    ),
    (
        "Teachers from {school2} observed {n1} demonstration lessons and took part in a "
        "teaching research session.",
        "{school2}教师观摩了{n1}节示范课，并参加了教研活动。",
    ),
    (
        "{Host} presented certificates of appointment to {n1} industry mentors.",
        "{host}为{n1}名企业导师颁发了聘书。",
    ),
    (
        "The cooperation will focus on {industry}, {industry2} and digital skills in the coming "
        "years.",
        "今后几年，双方合作将聚焦{industry}、{industry2}和数字技能等领域。",
    ),
]

# A reporter's connective before a body sentence, now and then.
OPENERS = [
    ("In addition, ", "此外，"),
    ("Meanwhile, ", "同时，"),
    ("It is reported that ", "据悉，"),
    ("At the meeting, ", "会上，"),
    ("During the event, ", "活动中，"),
    ("It is understood that ", "据了解，"),
    ("On the same day, ", "当天，"),
    ("According to the organisers, ", "据主办方介绍，"),
    ("Notably, ", "值得一提的是，"),
]

CLOSINGS = [
    (
        "The cooperation will further deepen the integration of industry and education and "
        "serve the economic and social development of {city}.",
        "此次合作将进一步深化产教融合，更好地服务{city}经济社会发展。",
    ),
    (
        "Both sides said they would take this agreement as a starting point to achieve mutual "
        "benefit and common development.",
        "双方表示，将以此次签约为契机，实现互利共赢、共同发展。",
    ),
    (
        "{School} will continue to explore new models of school-enterprise cooperation and "
        "improve the quality of technical and skilled talent training.",
        "{school}将继续探索校企合作新模式，不断提升技术技能人才培养质量。",
    ),
    (
        "The event is an important step in implementing the east-west cooperation programme in "
        "vocational education.",
        "此次活动是落实职业教育东西部协作的重要举措。",
    ),
]

# One of these may be appended by a reposting site (the "paragraph added" copies).
ADDED = [
    (
        "Editor's note: this article was first published on the website of {school}; it is "
        "reproduced here for information, and the views belong to the original author.",
        "编者按：本文原载于{school}官方网站，转载仅供交流学习，文中观点不代表本站立场。",
    ),
    (
        "Background: the east-west cooperation programme pairs vocational schools in the eastern "
        "provinces with schools in {province} to share teachers, curricula and training bases.",
        "背景链接：职业教育东西部协作旨在推动东部职业院校与{province}职业院校共享师资、课程和实训资源。",
    ),
    (
        "Reporter {reporter} also interviewed several students, who said the practical training "
        "had made them more confident about finding a job after graduation.",
        "记者{reporter}现场采访了几名学生，他们表示通过实训对毕业后就业更有信心了。",
    ),
    (
        "Related: earlier this year {school} signed similar agreements with {n2} enterprises in "
        "the {industry} sector.",
        "相关链接：今年以来，{school}已与{n2}家{industry}企业签订类似合作协议。",
    ),
]
