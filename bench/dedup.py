"""Duplicate and near-duplicate benchmark (issue 4): planted pairs through the real write path.

    .venv/bin/python bench/dedup.py                       # 10k, 30k, 100k on fresh SQLite files
    .venv/bin/python bench/dedup.py --max 30000           # a shorter growth series
    .venv/bin/python bench/dedup.py --quick               # 500 and 2,000 documents
    .venv/bin/python bench/dedup.py --db postgresql+psycopg://postgres@127.0.0.1/test_bench

A seeded generator writes a corpus of school news in English and simplified Chinese about
vocational schools (visits, agreements, training bases, competitions, ...) and plants:

- exact copies on other sites (same text; whitespace, full-width and indentation noise that
  the content hash must fold),
- traditional-character copies of Chinese articles (OpenCC s2t),
- copies with a changed headline and one paragraph removed, and copies with one added,
- distinct articles that must NOT merge: articles of one school that all end with the same
  2-3 paragraph school introduction, and notices filled into one template (names, dates,
  numbers and lists changed).

The documents go through `pages.save_pages` in batches, exactly as the crawl's storage
pipeline calls it (content-hash linking and the persistent MinHash-LSH story assignment),
then one query reads back (url, story_id, content_hash) and pairs are scored against the
ground truth. Each size runs in a fresh child process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.story_variants import (  # noqa: E402
    aggregate,
    by_pair_type,
    containment_band,
    plant_variants,
)
from crawler.items import PageItem  # noqa: E402
from pipelines.db import documents, pages, stories  # noqa: E402
from pipelines.db.session import open_database, session_scope  # noqa: E402
from pipelines.processing import (  # noqa: E402
    Document,
    content_hash,
    normalise,
    similarity,  # noqa: E402
    story_match,
)

GROWTH = (10_000, 30_000, 100_000, 300_000, 1_000_000)
BATCH = 500  # pages per save_pages call (the crawl's default is 50; 500 stays under SQLite's
             # 32,766 bound parameters: 500 documents x 25 band keys x 2 columns)

# -- vocabulary: (English, Chinese) pairs, so both languages draw from the same world --------

CITIES = [
    ("Shanghai", "上海"), ("Zunyi", "遵义"), ("Chengdu", "成都"), ("Guiyang", "贵阳"),
    ("Kunming", "昆明"), ("Wuhan", "武汉"), ("Hangzhou", "杭州"), ("Ningbo", "宁波"),
    ("Suzhou", "苏州"), ("Wuxi", "无锡"), ("Nanjing", "南京"), ("Hefei", "合肥"),
    ("Fuzhou", "福州"), ("Xiamen", "厦门"), ("Jinan", "济南"), ("Qingdao", "青岛"),
    ("Zhengzhou", "郑州"), ("Changsha", "长沙"), ("Nanchang", "南昌"), ("Nanning", "南宁"),
    ("Lanzhou", "兰州"), ("Xining", "西宁"), ("Yinchuan", "银川"), ("Hohhot", "呼和浩特"),
    ("Taiyuan", "太原"), ("Tianjin", "天津"), ("Dalian", "大连"), ("Shenyang", "沈阳"),
    ("Harbin", "哈尔滨"), ("Xi'an", "西安"), ("Chongqing", "重庆"), ("Mianyang", "绵阳"),
    ("Yibin", "宜宾"), ("Luzhou", "泸州"), ("Liupanshui", "六盘水"), ("Anshun", "安顺"),
    ("Bijie", "毕节"), ("Tongren", "铜仁"), ("Kaili", "凯里"), ("Duyun", "都匀"),
    ("Shenzhen", "深圳"), ("Foshan", "佛山"), ("Dongguan", "东莞"), ("Zhuhai", "珠海"),
    ("Wenzhou", "温州"), ("Jinhua", "金华"), ("Yantai", "烟台"), ("Weifang", "潍坊"),
    ("Luoyang", "洛阳"), ("Baoji", "宝鸡"),
]
PROVINCES = [
    ("Guizhou", "贵州省"), ("Sichuan", "四川省"), ("Yunnan", "云南省"), ("Zhejiang", "浙江省"),
    ("Jiangsu", "江苏省"), ("Guangdong", "广东省"), ("Shandong", "山东省"), ("Hubei", "湖北省"),
    ("Hunan", "湖南省"), ("Henan", "河南省"), ("Shaanxi", "陕西省"), ("Gansu", "甘肃省"),
]
SPECIALTIES = [
    ("Modern Chemical Industry", "现代化工"), ("Tourism", "旅游"), ("Information Technology",
    "信息技术"), ("Transport", "交通"), ("Light Industry", "轻工"), ("Agriculture", "农业"),
    ("Health", "卫生"), ("Electromechanical", "机电"), ("Construction", "建筑"),
    ("Finance and Trade", "财经商贸"), ("Art and Design", "艺术设计"), ("Railway", "铁道"),
    ("Aviation", "航空"), ("Energy", "能源"), ("Water Resources", "水利"),
    ("Food and Drug", "食品药品"), ("Textile", "纺织"), ("Logistics", "物流"),
    ("Electronics", "电子"), ("Mechanical Engineering", "机械工程"),
]
SCHOOL_TYPES = [
    ("Vocational College", "职业学院"), ("Vocational and Technical College", "职业技术学院"),
    ("Secondary Vocational School", "中等职业学校"), ("Technician College", "技师学院"),
    ("Polytechnic", "高等专科学校"), ("Vocational Education Center", "职业教育中心"),
]
FIRMS = [
    ("Hengtai", "恒泰"), ("Zhongchuang", "中创"), ("Xinda", "信达"), ("Huayu", "华宇"),
    ("Tianrui", "天瑞"), ("Jinhui", "金辉"), ("Longteng", "龙腾"), ("Boyuan", "博远"),
    ("Kaiyuan", "开元"), ("Ruifeng", "瑞丰"), ("Shengshi", "盛世"), ("Hongda", "宏达"),
    ("Yongxin", "永鑫"), ("Zhihui", "智汇"), ("Guoxin", "国信"), ("Lianchuang", "联创"),
    ("Mingyang", "明阳"), ("Haixin", "海信达"), ("Chuangwei", "创维通"), ("Jiahe", "嘉禾"),
]
INDUSTRIES = [
    ("Intelligent Manufacturing", "智能制造"), ("New Energy Vehicle", "新能源汽车"),
    ("Cold Chain Logistics", "冷链物流"), ("Hotel Management", "酒店管理"),
    ("Software", "软件"), ("Pharmaceutical", "医药"), ("Precision Machinery", "精密机械"),
    ("Electric Power", "电力"), ("Rail Transit", "轨道交通"), ("E-commerce", "电子商务"),
    ("Construction Engineering", "建设工程"), ("Food Processing", "食品加工"),
    ("Semiconductor", "半导体"), ("Big Data", "大数据"), ("Elderly Care", "养老服务"),
]
SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"),
    ("Ma", "马"), ("Luo", "罗"), ("Liang", "梁"), ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"),
    ("Han", "韩"), ("Tang", "唐"), ("Feng", "冯"), ("Yu", "于"), ("Dong", "董"), ("Cao", "曹"),
]
GIVEN = [
    ("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Qiang", "强"), ("Lei", "磊"),
    ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"),
    ("Ming", "明"), ("Chao", "超"), ("Xiuying", "秀英"), ("Hua", "华"), ("Ping", "平"),
    ("Gang", "刚"), ("Hui", "辉"), ("Ling", "玲"), ("Jianguo", "建国"), ("Zhiqiang", "志强"),
    ("Haiyan", "海燕"), ("Xiaohong", "晓红"), ("Guoqing", "国庆"), ("Wenjie", "文杰"),
    ("Yulan", "玉兰"), ("Dewei", "德伟"), ("Shuang", "爽"), ("Kai", "凯"),
]
SCHOOL_ROLES = [
    ("Principal", "校长"), ("Vice Principal", "副校长"), ("Party Secretary", "党委书记"),
    ("Dean of Academic Affairs", "教务处处长"), ("Director of Enrollment and Employment",
    "招生就业处处长"), ("Head of the School of Engineering", "工程学院院长"),
    ("Deputy Party Secretary", "党委副书记"), ("Director of the Training Centre", "实训中心主任"),
]
COMPANY_ROLES = [
    ("General Manager", "总经理"), ("Chairman", "董事长"), ("HR Director", "人力资源总监"),
    ("Technical Director", "技术总监"), ("Deputy General Manager", "副总经理"),
    ("Chief Engineer", "总工程师"),
]
MAJORS = [
    ("mechatronics", "机电一体化技术"), ("numerical control technology", "数控技术"),
    ("automotive maintenance", "汽车检测与维修技术"), ("nursing", "护理"),
    ("preschool education", "学前教育"), ("e-commerce", "电子商务"),
    ("hotel management", "酒店管理与数字化运营"), ("industrial robotics", "工业机器人技术"),
    ("computer networking", "计算机网络技术"), ("big data accounting", "大数据与会计"),
    ("logistics management", "现代物流管理"), ("applied chemical engineering", "应用化工技术"),
    ("building construction", "建筑工程技术"), ("railway signalling", "铁道信号自动控制"),
    ("new energy vehicles", "新能源汽车技术"), ("tourism management", "旅游管理"),
    ("food inspection", "食品检验检测技术"), ("electrical automation", "电气自动化技术"),
    ("software technology", "软件技术"), ("cooking and nutrition", "烹饪工艺与营养"),
    ("elderly care", "智慧健康养老服务与管理"), ("drone application", "无人机应用技术"),
]
DEPARTMENTS = [
    ("Academic Affairs Office", "教务处"), ("Enrollment and Employment Office", "招生就业处"),
    ("Office of Industry-Education Cooperation", "产教融合办公室"),
    ("Human Resources Office", "人事处"), ("Student Affairs Office", "学生工作处"),
    ("Science and Research Office", "科研处"),
]
MOTTOS = [
    ("Virtue, Skill, Diligence, Innovation", "厚德、精技、勤学、创新"),
    ("Learning by Doing", "知行合一、学以致用"),
    ("Craftsmanship and Integrity", "崇德尚技、笃行致远"),
    ("Practice Makes Excellence", "博学笃行、精益求精"),
    ("Serve Industry, Build Careers", "服务产业、成就人生"),
]

# -- sentence templates ----------------------------------------------------------------------
# `{x}` slots are filled from one article's facts (its school, partner, people, majors), so an
# article is coherent; numbers are drawn per sentence, so two articles never agree by chance.

LEADS = {
    "visit": [
        ("On {date}, a delegation led by {guest} of {school2} visited {school} to study its "
         "experience in school-enterprise cooperation.",
         "{date}，{school2}{guest}一行到{school}考察交流校企合作工作。"),
        ("{Guest} of {school2} led a delegation of {n1} teachers to {school} on {date} for an "
         "exchange visit.",
         "{date}，{school2}{guest}带队，一行{n1}人赴{school}开展交流访问。"),
        ("On {date}, {school} welcomed a delegation from {school2} headed by {guest}.",
         "{date}，{school}迎来了由{school2}{guest}率领的考察团。"),
    ],
    "agreement": [
        ("On {date}, {school} and {company} signed a school-enterprise cooperation agreement "
         "in {city}.",
         "{date}，{school}与{company}在{city}签订校企合作协议。"),
        ("{School} signed a strategic cooperation agreement with {company} on {date}, opening "
         "a new stage in the partnership between the two sides.",
         "{date}，{school}与{company}签署战略合作协议，双方合作迈上新台阶。"),
        ("A signing ceremony for the cooperation agreement between {school} and {company} was "
         "held on {date}.",
         "{date}，{school}与{company}校企合作协议签约仪式隆重举行。"),
    ],
    "base": [
        ("On {date}, the {major} training base jointly built by {school} and {company} was "
         "officially unveiled.",
         "{date}，{school}与{company}共建的{major}实训基地正式揭牌。"),
        ("{School} and {company} held an unveiling ceremony for their joint production and "
         "training base on {date}.",
         "{date}，{school}与{company}联合举行产教融合实训基地揭牌仪式。"),
    ],
    "competition": [
        ("From {date}, {n1} students of {school} took part in the provincial vocational skills "
         "competition in {major}, winning {n2} first prizes.",
         "{date}起，{school}{n1}名学生参加全省职业院校技能大赛{major}赛项，荣获一等奖{n2}项。"),
        ("The {year} {city} vocational skills competition, hosted by {school}, opened on {date} "
         "with {n3} contestants from {n1} schools.",
         "{date}，由{school}承办的{year}年{city}职业技能大赛开幕，来自{n1}所学校的{n3}名选手参赛。"),
    ],
    "teachers": [
        ("A {n1}-day training course for {major} teachers, organised by {school} together with "
         "{company}, began on {date}.",
         "{date}，{school}联合{company}举办的{major}专业教师培训班开班，培训为期{n1}天。"),
        ("On {date}, {n2} teachers from {school2} arrived at {school} for a month of "
         "professional training in {major}.",
         "{date}，{school2}{n2}名教师来到{school}，开始为期一个月的{major}专业跟岗培训。"),
    ],
    "jobs": [
        ("On {date}, {school} held a campus job fair attended by {n3} employers offering more "
         "than {n4} positions.",
         "{date}，{school}举办校园双选会，{n3}家用人单位进校招聘，提供岗位{n4}余个。"),
        ("{N2} students of the {major} programme at {school} started their internships at "
         "{company} on {date}.",
         "{date}，{school}{major}专业{n2}名学生正式进入{company}开展顶岗实习。"),
    ],
    "eastwest": [
        ("Under the east-west cooperation programme, {school} and {school2} held a joint "
         "working meeting on {date}.",
         "{date}，{school}与{school2}召开东西部协作联席工作会议。"),
        ("On {date}, {school} sent {n1} backbone teachers to {school2} to support the "
         "development of its {major} programme.",
         "{date}，{school}选派{n1}名骨干教师赴{school2}开展{major}专业建设帮扶工作。"),
    ],
    "apprentice": [
        ("On {date}, the opening ceremony of the {company} order class was held at {school}, "
         "enrolling {n2} students of {major}.",
         "{date}，{company}订单班开班仪式在{school}举行，首批招收{major}专业学生{n2}名。"),
        ("{School} and {company} launched a modern apprenticeship pilot in {major} on {date}.",
         "{date}，{school}与{company}启动{major}专业现代学徒制试点。"),
    ],
}

BODY = [
    ("The delegation toured the {major} training centre, the school history museum and the "
     "innovation and entrepreneurship park.",
     "考察团一行参观了{major}实训中心、校史馆和创新创业园。"),
    ("{Host} gave a detailed introduction to the school's history, programme structure and "
     "achievements in talent training.",
     "{host}详细介绍了学校的发展历程、专业布局和人才培养成效。"),
    ("{Boss} said that {company} has long attached great importance to cooperation with "
     "vocational colleges.",
     "{boss}表示，{company}一直高度重视与职业院校的合作。"),
    ("The two sides held in-depth discussions on curriculum development, joint teaching teams "
     "and student internships.",
     "双方围绕课程开发、师资共建、学生实习等议题进行了深入交流。"),
    ("According to the agreement, {company} will provide equipment worth {n1} million yuan and "
     "accept {n3} interns every year.",
     "根据协议，{company}将投入价值{n1}00万元的设备，每年接收{n3}名实习生。"),
    ("The school will set up a special class in {major} and adjust its curriculum to the needs "
     "of the enterprise.",
     "学校将开设{major}专业定向班，并根据企业需求调整课程设置。"),
    ("Teachers and engineers will jointly compile {n1} textbooks based on real production "
     "tasks.",
     "校企双方教师和工程师将依托真实生产任务共同编写{n1}部活页式教材。"),
    ("In recent years the school has trained more than {n4} skilled workers for the "
     "{industry} industry.",
     "近年来，学校累计为{industry}行业培养技术技能人才{n4}余人。"),
    ("The employment rate of graduates of the {major} programme has exceeded {pct} percent for "
     "{n1} consecutive years.",
     "{major}专业毕业生就业率连续{n1}年保持在{pct}%以上。"),
    ("Participants agreed that integrating industry and education is the key to improving the "
     "quality of vocational education.",
     "与会人员一致认为，深化产教融合是提升职业教育质量的关键。"),
    ("The base covers an area of {n4} square metres and can host {n3} students at a time.",
     "该基地占地面积{n4}平方米，可同时容纳{n3}名学生开展实训。"),
    ("{Host} thanked the {city} education bureau and local enterprises for their long-standing "
     "support.",
     "{host}对{city}市教育局和当地企业的长期支持表示感谢。"),
    ("Both sides will share resources in teacher training, technical research and social "
     "services.",
     "双方将在师资培训、技术研发和社会服务等方面实现资源共享。"),
    ("During the visit, the guests observed classes in {major2} and talked with students and "
     "teachers.",
     "其间，来宾们观摩了{major2}专业课堂教学，并与师生亲切交谈。"),
    ("The meeting reviewed the work of the past year and set out the tasks for the next stage.",
     "会议总结了过去一年的合作成效，并部署了下一阶段重点任务。"),
    ("Students will spend {n1} months studying at school and {n2} months working on the "
     "production line.",
     "学生将在校学习{n1}个月，在企业生产一线岗位实践{n2}个月。"),
    ("{Company} will also set up a scholarship of {n4} yuan to reward outstanding students.",
     "{company}还将设立{n4}元专项奖学金，用于奖励品学兼优的学生。"),
    ("Experts from {company} gave lectures on new technologies, processes and standards in the "
     "{industry} industry.",
     "{company}技术专家为师生讲授了{industry}行业的新技术、新工艺和新规范。"),
    ("The competition tested both theoretical knowledge and practical operation, with tasks "
     "designed by engineers from industry.",
     "比赛分理论知识和实操技能两部分，赛题由行业企业工程师参与设计。"),
    ("Teachers who complete the training will receive a certificate issued jointly by the "
     "school and {company}.",
     "完成培训的教师将获得学校与{company}联合颁发的结业证书。"),
    ("The job fair covered industries including {industry}, {industry2} and modern services.",
     "本次招聘会涵盖{industry}、{industry2}及现代服务业等多个行业。"),
    ("Many students received offers on the spot, and {n3} reached preliminary employment "
     "agreements.",
     "不少学生现场收到录用意向，{n3}人初步达成就业协议。"),
    ("{School2} will continue to learn from the experience of {school} in programme building "
     "and school management.",
     "{school2}将继续学习借鉴{school}在专业建设和学校管理方面的经验。"),
    ("The cooperation is expected to benefit more than {n4} students over the next {n1} years.",
     "预计未来{n1}年，该合作项目将惠及{n4}余名学生。"),
    ("Leaders of the relevant departments of both sides attended the event.",
     "双方相关部门负责人参加了活动。"),
    ("{Host} hoped that the students would cherish the opportunity and master practical skills.",
     "{host}希望同学们珍惜机会，刻苦钻研，练就过硬本领。"),
    ("The school has built {n2} training bases with enterprises inside and outside "
     "{province}.",
     "学校已与{province}内外企业共建实训基地{n2}个。"),
    ("Since the partnership began in {year0}, the two sides have jointly trained {n4} students.",
     "自{year0}年合作以来，双方已联合培养学生{n4}名。"),
    ("The two sides also discussed plans for a joint research centre for {industry} "
     "technology.",
     "双方还就共建{industry}技术研发中心进行了商讨。"),
    ("A student representative spoke on behalf of the class and promised to study hard.",
     "学生代表作表态发言，表示将努力学习、不负期望。"),
    ("{Guest} praised the school's achievements in integrating classroom teaching with real "
     "workplace tasks.",
     "{guest}对学校在课岗融通方面取得的成效给予高度评价。"),
    ("The programme follows the national standards for {major} and the latest requirements of "
     "{industry} enterprises.",
     "该项目对接{major}专业国家教学标准和{industry}企业最新岗位要求。"),
    ("At the symposium, heads of the two institutions exchanged views on talent cultivation "
     "and mutual visits of teachers.",
     "座谈会上，双方负责人就人才培养、教师互访等工作交换了意见。"),
    ("The {city} Municipal Education Bureau has listed the project as a key cooperation "
     "project for {year}.",
     "该项目已被{city}市教育局列为{year}年度重点合作项目。"),
    ("Graduates of the order class will be given priority for employment by {company}.",
     "订单班学生毕业后将优先被{company}录用。"),
    ("The two schools will carry out joint enrollment in {major2}, with {n3} places this year.",
     "两校将在{major2}专业开展联合招生，今年计划招生{n3}人。"),
    ("A total of {n2} cooperation projects were signed at the meeting, involving {n4} "
     "students.",
     "会上共签约合作项目{n2}个，涉及学生{n4}人。"),
    ("{Boss} introduced the company's development, main products and demand for skilled "
     "talent.",
     "{boss}介绍了企业发展概况、主要产品和技术技能人才需求。"),
    ("The trainees practised on the company's latest production equipment under the guidance "
     "of senior technicians.",
     "学员们在高级技师指导下，在企业最新生产设备上进行了实操训练。"),
    ("The visit further strengthened the friendship and mutual trust between the two sides.",
     "此次交流进一步增进了双方的友谊与互信。"),
]

# More body sentences, appended so the pool is large enough that two distinct articles share
# only a few of them (with 40, English articles on one theme had a median Jaccard near 0.27).
BODY += [
    ("{Host} pointed out that {school} had opened {n2} new programmes in the past {n1} years "
     "in response to the upgrading of the {industry} industry.",
     "{host}指出，近{n1}年来{school}围绕{industry}产业升级新增专业{n2}个。"),
    ("{Boss} hoped that the graduates of {major} would bring fresh ideas to the {company} "
     "workshops.",
     "{boss}希望{major}专业的毕业生能为{company}的生产车间带来新思路。"),
    ("The first group of {n3} students will start courses in {major2} in September.",
     "首批{n3}名学生将于9月开始{major2}专业课程学习。"),
    ("The {company} production line installed on campus runs on the same standards as the "
     "factory in {city}.",
     "安装在校内的{company}生产线与其{city}工厂执行同一套生产标准。"),
    ("{Reporter} learned that the school had received {n4} applications for the {major} "
     "programme this year, a record.",
     "记者{reporter}了解到，今年学校{major}专业报名人数达{n4}人，创历史新高。"),
    ("The agreement runs for {n1} years and will be reviewed by both sides every year.",
     "协议有效期{n1}年，双方每年对合作情况进行评估。"),
    ("A joint committee of {n2} members from {school} and {company} will supervise the "
     "teaching plan.",
     "由{school}和{company}共{n2}名成员组成的联合委员会将负责监督教学计划的实施。"),
    ("Visitors tried the virtual reality welding trainer and the {industry} simulation lab.",
     "来宾们体验了虚拟现实焊接实训设备和{industry}仿真实验室。"),
    ("{Guest} suggested that the two schools exchange teachers for one term every year.",
     "{guest}建议两校每年互派教师挂职交流一个学期。"),
    ("In {year0}, the two sides had already run a short course in {major2} for {n3} "
     "trainees.",
     "早在{year0}年，双方就曾联合开展{major2}短期培训，培训学员{n3}人次。"),
    ("The project received {n1} million yuan of special funds from the {province} department "
     "of education.",
     "该项目获得{province}教育厅专项资金{n1}00万元支持。"),
    ("Engineers from {company} will teach {n2} hours of practical lessons each term.",
     "{company}工程师每学期将承担{n2}学时的实践教学任务。"),
    ("{Host} and {boss} jointly unveiled the plaque.",
     "{host}与{boss}共同为基地揭牌。"),
    ("The students' work on {industry} equipment maintenance was displayed at the ceremony.",
     "仪式现场展示了学生在{industry}设备维护方面的实训作品。"),
    ("The school library and the {company} training room will be open to employees of "
     "partner firms.",
     "学校图书馆和{company}培训室将向合作企业员工开放。"),
    ("{Guest} invited teachers of {school} to visit {school2} next spring.",
     "{guest}邀请{school}教师明年春季赴{school2}回访交流。"),
    ("So far, {n3} students have obtained vocational skill certificates in {major} through the "
     "programme.",
     "截至目前，已有{n3}名学生通过该项目取得{major}职业技能等级证书。"),
    ("The competition was judged by a panel of {n1} experts from enterprises and universities.",
     "大赛由来自企业和高校的{n1}名专家组成评审组。"),
    ("Parents of {n2} students attended the opening and visited the dormitories and canteen.",
     "{n2}名学生家长参加了开班仪式，并参观了学生宿舍和食堂。"),
    ("The two sides agreed to hold a joint skills festival in {city} every autumn.",
     "双方商定每年秋季在{city}联合举办技能文化节。"),
    ("{Boss} recalled that he himself had graduated from a vocational school {n1} years ago.",
     "{boss}回忆说，自己{n1}年前也毕业于一所职业学校。"),
    ("The curriculum includes {n2} modules, {n1} of which are taught in the company's "
     "workshops.",
     "课程体系共设置{n2}个模块，其中{n1}个模块在企业车间完成教学。"),
    ("Teachers from {school2} observed {n1} demonstration lessons and took part in a "
     "teaching research session.",
     "{school2}教师观摩了{n1}节示范课，并参加了教研活动。"),
    ("{Host} presented certificates of appointment to {n1} industry mentors.",
     "{host}为{n1}名企业导师颁发了聘书。"),
    ("The cooperation will focus on {industry}, {industry2} and digital skills in the coming "
     "years.",
     "今后几年，双方合作将聚焦{industry}、{industry2}和数字技能等领域。"),
]

# A reporter's connective before a body sentence, now and then.
OPENERS = [
    ("In addition, ", "此外，"), ("Meanwhile, ", "同时，"), ("It is reported that ", "据悉，"),
    ("At the meeting, ", "会上，"), ("During the event, ", "活动中，"),
    ("It is understood that ", "据了解，"), ("On the same day, ", "当天，"),
    ("According to the organisers, ", "据主办方介绍，"), ("Notably, ", "值得一提的是，"),
]

CLOSINGS = [
    ("The cooperation will further deepen the integration of industry and education and "
     "serve the economic and social development of {city}.",
     "此次合作将进一步深化产教融合，更好地服务{city}经济社会发展。"),
    ("Both sides said they would take this agreement as a starting point to achieve mutual "
     "benefit and common development.",
     "双方表示，将以此次签约为契机，实现互利共赢、共同发展。"),
    ("{School} will continue to explore new models of school-enterprise cooperation and "
     "improve the quality of technical and skilled talent training.",
     "{school}将继续探索校企合作新模式，不断提升技术技能人才培养质量。"),
    ("The event is an important step in implementing the east-west cooperation programme in "
     "vocational education.",
     "此次活动是落实职业教育东西部协作的重要举措。"),
]

# One of these may be appended by a reposting site (the "paragraph added" copies).
ADDED = [
    ("Editor's note: this article was first published on the website of {school}; it is "
     "reproduced here for information, and the views belong to the original author.",
     "编者按：本文原载于{school}官方网站，转载仅供交流学习，文中观点不代表本站立场。"),
    ("Background: the east-west cooperation programme pairs vocational schools in the eastern "
     "provinces with schools in {province} to share teachers, curricula and training bases.",
     "背景链接：职业教育东西部协作旨在推动东部职业院校与{province}职业院校共享师资、课程和实训资源。"),
    ("Reporter {reporter} also interviewed several students, who said the practical training "
     "had made them more confident about finding a job after graduation.",
     "记者{reporter}现场采访了几名学生，他们表示通过实训对毕业后就业更有信心了。"),
    ("Related: earlier this year {school} signed similar agreements with {n2} enterprises in "
     "the {industry} sector.",
     "相关链接：今年以来，{school}已与{n2}家{industry}企业签订类似合作协议。"),
]

# -- the boilerplate school introduction (category "intro") -----------------------------------

INTRO = [
    [("{School} is a public full-time vocational institution founded in {founded} and "
      "administered by the {city} Municipal Education Bureau. It covers an area of {area} mu, "
      "with {barea} square metres of buildings and teaching equipment worth {assets} million "
      "yuan. It has {students} full-time students and {staff} staff, including {profs} "
      "professors and associate professors.",
      "{school}创建于{founded}年，是由{city}市教育局主管的公办全日制职业院校。学校占地{area}亩，"
      "建筑面积{barea}平方米，教学仪器设备总值{assets}万元。现有全日制在校生{students}人，"
      "教职工{staff}人，其中教授、副教授{profs}人。"),
     ("Founded in {founded}, {school} is one of the first national demonstration schools for "
      "vocational education reform in {province}, with {students} students, {staff} teachers "
      "and staff and a campus of {area} mu.",
      "{school}始建于{founded}年，是{province}首批国家级职业教育改革发展示范学校，现有在校生"
      "{students}人，教职工{staff}人，校园面积{area}亩。")],
    [("The school offers {nmajors} programmes, including {major}, {major2}, {major3} and "
      "{major4}. It has been named a national model school for skilled talent training and an "
      "advanced unit of school-enterprise cooperation, and works with more than {ncomp} "
      "enterprises such as {company} and {company2}.",
      "学校开设{major}、{major2}、{major3}、{major4}等{nmajors}个专业，先后获评国家技能人才培养"
      "示范校、校企合作先进单位等称号，与{company}、{company2}等{ncomp}余家企业建立了长期合作关系。"),
     ("Its {nmajors} programmes are grouped around {major}, {major2} and {major3}; {nbases} "
      "training bases on and off campus give students real workplaces, and the employment rate "
      "of graduates has stayed above {pct} percent for years.",
      "学校围绕{major}、{major2}、{major3}等专业群开设{nmajors}个专业，建有校内外实训基地"
      "{nbases}个，毕业生就业率多年保持在{pct}%以上。")],
    [("Guided by the motto \"{motto}\", the school follows the path of integrating industry "
      "and education and has trained more than {alumni} skilled workers for the region.",
      "学校秉承“{motto}”的校训，坚持产教融合、校企合作的办学道路，累计为社会培养各类技术技能"
      "人才{alumni}余人。"),
     ("The school keeps to its motto \"{motto}\" and aims to become a high-level vocational "
      "school with distinctive characteristics in {province}.",
      "学校坚持“{motto}”的校训，努力建设{province}特色鲜明的高水平职业学校。")],
]

# -- notices filled into one template (category "notice") ------------------------------------

NOTICES = [
    {
        "title": ("Notice on the results of the {year} selection of outstanding "
                  "school-enterprise cooperation cases",
                  "关于公布{year}年度校企合作优秀案例评选结果的通知"),
        "paragraphs": [
            ("To all schools and departments:", "各二级学院、各部门："),
            ("In accordance with the Notice on the {year} Selection of Outstanding "
             "School-Enterprise Cooperation Cases (No. {docno} [{year}]), and after "
             "recommendation by the units, review by experts and approval by the president's "
             "office meeting, {a} first prizes, {b} second prizes and {c} third prizes have "
             "been selected and are hereby announced.",
             "根据《关于开展{year}年度校企合作优秀案例评选工作的通知》（{abbr}发〔{year}〕{docno}号）"
             "要求，经各单位推荐、专家评审、校长办公会审定，共评选出校企合作优秀案例一等奖{a}项、"
             "二等奖{b}项、三等奖{c}项，现予以公布。"),
            ("First prizes: {cases1}.", "一等奖：{cases1}。"),
            ("Second prizes: {cases2}.", "二等奖：{cases2}。"),
            ("The award-winning units are expected to cherish the honour and play a leading "
             "role; all units should learn from the winning cases, further deepen the "
             "integration of industry and education and promote the high-quality development "
             "of the school.",
             "希望获奖单位珍惜荣誉，发挥示范引领作用；各单位要以获奖案例为榜样，进一步深化产教融合、"
             "校企合作，推动学校高质量发展。"),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": ("Notice on holding the {year} training course for backbone teachers of "
                  "{major}", "关于举办{year}年{province}职业院校{major}专业骨干教师培训班的通知"),
        "paragraphs": [
            ("To all vocational schools:", "各职业院校："),
            ("To improve the teaching ability of vocational school teachers, it has been "
             "decided to hold a training course for backbone teachers of {major} at {school} "
             "from {d1} to {d2}. The arrangements are as follows.",
             "为提升职业院校教师专业教学能力，经研究，决定于{d1}至{d2}在{school}举办{major}专业骨干"
             "教师培训班。现将有关事项通知如下："),
            ("1. Participants: backbone teachers of {major} and related programmes, at most {a} "
             "per school.",
             "一、培训对象：各职业院校{major}及相关专业骨干教师，每校限报{a}人。"),
            ("2. Time and place: registration on {d1}, {b} days of training, at {school}, "
             "No. {c} {road} Road, {city}.",
             "二、培训时间和地点：{d1}报到，培训{b}天。地点：{school}（{city}市{road}路{c}号）。"),
            ("3. Content: {topics}.", "三、培训内容：{topics}等。"),
            ("4. Requirements: please send the registration form to {email} before {d0}. Board "
             "and lodging are arranged by the organiser and costs are reimbursed by the "
             "participant's own school.",
             "四、有关要求：请各校于{d0}前将报名表发送至{email}。培训期间食宿统一安排，费用回原单位报销。"),
            ("Contact: {contact}, telephone {phone}.", "联系人：{contact}，电话：{phone}。"),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": ("Public notice of the {year} internship placements of graduates",
                  "关于{year}届毕业生顶岗实习单位安排的公示"),
        "paragraphs": [
            ("In accordance with the school's internship management regulations, the "
             "internship placements of the {year} graduates of {major} are published below. "
             "The publicity period is from {d1} to {d2}.",
             "根据学校顶岗实习管理规定，现将{major}专业{year}届毕业生顶岗实习单位安排予以公示，"
             "公示期为{d1}至{d2}。"),
            ("{placements}.", "{placements}。"),
            ("Anyone with objections during the publicity period may report them to the "
             "{dept} in writing or by telephone ({phone}).",
             "公示期间如有异议，请以书面或电话形式向{dept}反映，联系电话：{phone}。"),
            ("{Dept}, {school}, {when}", "{school}{dept}\n{when}"),
        ],
    },
    {
        "title": ("{school} {year} enrollment guide", "{school}{year}年招生简章"),
        "paragraphs": [
            ("{School} is a public full-time vocational school approved by the {province} "
             "people's government. In {year} it plans to enroll {a} students in {b} "
             "programmes.",
             "{school}是经{province}人民政府批准设立的公办全日制职业院校，{year}年计划招生{a}人，"
             "开设{b}个专业。"),
            ("Programmes and places: {quota}.", "招生专业及计划：{quota}。"),
            ("Tuition is {fee} yuan per year; students from rural households and families "
             "with financial difficulties are exempt from tuition and may apply for a grant of "
             "{grant} yuan per year.",
             "学费每生每年{fee}元，农村户籍和家庭经济困难学生免除学费，并可申请每年{grant}元国家助学金。"),
            ("Registration runs from {d1} to {d2}. Enquiries: {contact}, telephone {phone}.",
             "报名时间：{d1}至{d2}。咨询电话：{phone}（{contact}）。"),
        ],
    },
]
# Standing sentences a school's office puts in its notices: each notice family (one office's
# template) uses its own few, in its own places, as real offices word their templates.
NOTICE_HOUSE = [
    ("All units are requested to attach great importance to this work and submit the "
     "materials on time.", "请各单位高度重视，认真组织，按时报送相关材料。"),
    ("Matters not covered here will be notified separately.", "未尽事宜，另行通知。"),
    ("The {dept} is responsible for the interpretation of this notice.",
     "本通知由{dept}负责解释。"),
    ("This notice is hereby given.", "特此通知。"),
    ("Attachment: registration form (please fill it in truthfully).",
     "附件：报名回执表（请如实填写）。"),
    ("Late submissions will not be accepted.", "逾期不予受理。"),
    ("Please forward this notice to all teachers and students concerned.",
     "请将本通知转发至相关师生。"),
    ("Materials must be submitted both on paper, stamped by the unit, and electronically.",
     "材料须同时报送加盖单位公章的纸质版和电子版。"),
    ("The results will be published on the school website and the campus notice board.",
     "结果将在学校官网和校园公告栏同步公布。"),
    ("Units that fail to complete the work will be criticised in the annual assessment.",
     "未按要求完成工作的单位将在年度考核中予以通报。"),
    ("For details see the {dept} page of the school website.",
     "详情请登录学校官网{dept}专栏查询。"),
    ("Supervision telephone of the discipline inspection office: {phone2}.",
     "纪检监察室监督电话：{phone2}。"),
]

TOPICS = [
    ("new curriculum standards", "新课程标准解读"), ("modular teaching design",
    "模块化教学设计"), ("digital teaching resources", "数字化教学资源开发"),
    ("skills competition coaching", "技能大赛指导"), ("enterprise practice", "企业实践"),
    ("1+X certificate training", "1+X证书培训"), ("classroom evaluation", "课堂教学评价"),
    ("virtual simulation training", "虚拟仿真实训"),
]
ROADS = ["Zhongshan", "Renmin", "Jiefang", "Xinhua", "Changjiang", "Huanghe", "Beijing",
         "Yan'an", "Jianshe", "Wenhua"]
ROADS_ZH = ["中山", "人民", "解放", "新华", "长江", "黄河", "北京", "延安", "建设", "文化"]

EVENTS = list(LEADS)
EN, ZH = 0, 1

# -- the plan: lightweight specs, texts rendered on demand -----------------------------------
# A spec names its story's seed and the edits that turn the story's original into this copy,
# so the 100k corpus is a few MB of specs, not hundreds of MB of strings that would distort
# the memory figures; rendering is deterministic and kept out of the timed region.


@dataclass(frozen=True)
class Spec:
    """One planted document and its ground truth."""

    url: str
    site: str
    story: int  # documents with one story number carry the same article
    exact: int  # documents with one exact number have the same text (up to normalisation)
    kind: str  # "news" | "intro" | "notice": how the original was written
    variant: str  # "original" | "exact" | "traditional" | "cut" | "added" (+ "-copy" chained)
    lang: int  # EN or ZH
    seed: int  # the story's seed (all its copies share it)
    family: int  # school (intro) or template (notice) whose boilerplate the story shares
    edits: tuple = ()  # ("cut", i) | ("add", j) | ("noise", k) | ("s2t",), applied in order
    retitle: bool = False


@dataclass
class Rendered:
    title: str
    text: str
    published: date


class Facts(dict):
    """Slot values; `{School}` is `{school}` with a capital (sentence-initial English)."""

    def __missing__(self, key: str) -> str:
        if key[:1].isupper() and key.lower() in self:
            value = str(self[key.lower()])
            return value[:1].upper() + value[1:]
        raise KeyError(key)


def _pick(rng: random.Random, pool, lang: int):
    return rng.choice(pool)[lang]


def _school(rng: random.Random, lang: int) -> str:
    city, spec, kind = (_pick(rng, CITIES, lang), _pick(rng, SPECIALTIES, lang),
                        _pick(rng, SCHOOL_TYPES, lang))
    return f"{city} {spec} {kind}" if lang == EN else f"{city}{spec}{kind}"


def _company(rng: random.Random, lang: int) -> str:
    city, firm, industry = (_pick(rng, CITIES, lang), _pick(rng, FIRMS, lang),
                            _pick(rng, INDUSTRIES, lang))
    return (f"{city} {firm} {industry} Co., Ltd." if lang == EN
            else f"{city}{firm}{industry}有限公司")


def _person(rng: random.Random, lang: int, roles=None) -> str:
    i, j = rng.randrange(len(SURNAMES)), rng.randrange(len(GIVEN))
    if lang == EN:
        name = f"{SURNAMES[i][0]} {GIVEN[j][0]}"
        return f"{rng.choice(roles)[0]} {name}" if roles else name
    name = SURNAMES[i][1] + GIVEN[j][1]
    return f"{rng.choice(roles)[1]}{name}" if roles else name


def _date(rng: random.Random, lang: int, year: int | None = None) -> tuple[str, date]:
    day = date(year or rng.randint(2018, 2025), 1, 1) + timedelta(days=rng.randrange(365))
    text = (f"{day:%B} {day.day}, {day.year}" if lang == EN
            else f"{day.year}年{day.month}月{day.day}日")
    return text, day


def _article_facts(rng: random.Random, lang: int, school: str | None = None) -> Facts:
    majors = rng.sample(MAJORS, 4)
    industries = rng.sample(INDUSTRIES, 2)
    when, day = _date(rng, lang)
    return Facts(
        school=school or _school(rng, lang), school2=_school(rng, lang),
        company=_company(rng, lang), company2=_company(rng, lang),
        city=_pick(rng, CITIES, lang), province=_pick(rng, PROVINCES, lang),
        guest=_person(rng, lang, SCHOOL_ROLES), host=_person(rng, lang, SCHOOL_ROLES),
        boss=_person(rng, lang, COMPANY_ROLES), reporter=_person(rng, lang),
        major=majors[0][lang], major2=majors[1][lang], major3=majors[2][lang],
        major4=majors[3][lang], industry=industries[0][lang], industry2=industries[1][lang],
        date=when, year=day.year, year0=day.year - rng.randint(2, 9), published=day,
    )


def _fill(rng: random.Random, template: str, facts: Facts) -> str:
    # Fresh numbers per sentence: distinct articles must not agree on them by chance.
    numbers = {"n1": rng.randint(2, 12), "n2": rng.randint(3, 60), "n3": rng.randint(20, 400),
               "n4": rng.randint(500, 30000), "pct": rng.randint(90, 99)}
    numbers["N2"] = numbers["n2"]
    return template.format_map(Facts(facts, **numbers))


def _joiner(lang: int) -> str:
    return " " if lang == EN else ""


def _news_paragraphs(rng: random.Random, lang: int, facts: Facts, count: int,
                     event: str) -> list[str]:
    """`count` paragraphs: a lead, body paragraphs of 2-4 sentences, sometimes a closing."""
    body = rng.sample(BODY, len(BODY))  # each template at most once per article
    lead = [rng.choice(LEADS[event])[lang]] + [body.pop()[lang] for _ in range(rng.randint(1, 2))]
    paragraphs = [lead]
    for _ in range(count - 1):
        paragraphs.append([body.pop()[lang] for _ in range(rng.randint(2, 4)) if body])
    if count > 2 and rng.random() < 0.6:
        paragraphs[-1].append(rng.choice(CLOSINGS)[lang])
    return [_joiner(lang).join(_sentence(rng, s, facts, lang) for s in p)
            for p in paragraphs if p]


def _sentence(rng: random.Random, template: str, facts: Facts, lang: int) -> str:
    sentence = _fill(rng, template, facts)
    if rng.random() < 0.25:
        opener = rng.choice(OPENERS)[lang]
        if lang == EN and sentence.split(" ", 1)[0] in ("The", "A", "Both", "Many", "Students",
                                                        "Teachers", "Participants", "Leaders"):
            sentence = sentence[0].lower() + sentence[1:]
        sentence = opener + sentence
    return sentence


def _headline(rng: random.Random, lang: int, facts: Facts, event: str) -> str:
    en = {
        "visit": "{school2} delegation visits {school}",
        "agreement": "{school} signs cooperation agreement with {company}",
        "base": "{major} training base unveiled at {school}",
        "competition": "{school} students shine in {major} skills competition",
        "teachers": "{major} teacher training course opens at {school}",
        "jobs": "{school} holds campus job fair",
        "eastwest": "{school} and {school2} deepen east-west cooperation",
        "apprentice": "{company} order class opens at {school}",
    }
    zh = {
        "visit": "{school2}到{school}考察交流",
        "agreement": "{school}与{company}签订校企合作协议",
        "base": "{school}{major}实训基地揭牌",
        "competition": "{school}学子在{major}技能大赛中获佳绩",
        "teachers": "{major}专业教师培训班在{school}开班",
        "jobs": "{school}举办校园双选会",
        "eastwest": "{school}与{school2}深化东西部协作",
        "apprentice": "{company}订单班在{school}开班",
    }
    return (en if lang == EN else zh)[event].format_map(facts)


def _retitle(rng: random.Random, lang: int, title: str) -> str:
    """A reposting site's headline: a prefix, a suffix or a shortened form."""
    if lang == EN:
        return rng.choice(["School news: {t}", "{t} (reprint)", "Vocational education | {t}",
                           "{t}: two sides pledge closer ties"]).format(t=title)
    return rng.choice(["【职教动态】{t}", "{t}（转载）", "职教资讯｜{t}",
                       "{t}，双方携手共进"]).format(t=title)


@cache
def _intro(family: int, lang: int) -> tuple[list[str], str]:
    """The 2-3 paragraph introduction one school appends to every article."""
    rng = random.Random(family)
    facts = _article_facts(rng, lang)
    facts.update(
        founded=rng.randint(1950, 2005), area=rng.randint(150, 1200),
        barea=rng.randint(40000, 400000), assets=rng.randint(2000, 30000),
        students=rng.randint(3000, 20000), staff=rng.randint(200, 1200),
        profs=rng.randint(30, 300), nmajors=rng.randint(12, 45), ncomp=rng.randint(50, 300),
        nbases=rng.randint(20, 120), pct=rng.randint(92, 99), alumni=rng.randint(3, 20) * 10000,
        motto=_pick(rng, MOTTOS, lang),
    )
    paragraphs = [rng.choice(options)[lang].format_map(facts) for options in INTRO]
    return paragraphs[: rng.choice((2, 3, 3))], facts["school"]


def _people(rng: random.Random, lang: int, n: int) -> list[str]:
    return [_person(rng, lang) for _ in range(n)]


def _notice(rng: random.Random, lang: int, family: int) -> tuple:
    """One notice: its family's template (one school office's wording of one of the common
    notice types) filled with this instance's names, dates, numbers and lists."""
    house = random.Random(family)  # what every notice of the family shares
    template = NOTICES[(family // 2) % len(NOTICES)]  # family = office * 2 + language
    school, dept = _school(house, lang), _pick(house, DEPARTMENTS, lang)
    standing = house.sample(NOTICE_HOUSE, house.randint(2, 4))
    places = [house.randrange(1, len(template["paragraphs"])) for _ in standing]
    phone2 = f"0{house.randint(10, 99)}-{house.randint(10**7, 10**8)}"
    sep = ", " if lang == EN else "、"
    facts = _article_facts(rng, lang, school)
    year = rng.randint(2018, 2025)
    (d0, _), (d1, day), (d2, _) = sorted((_date(rng, lang, year) for _ in range(3)),
                                         key=lambda d: d[1])
    cases = [
        (f"{_pick(rng, DEPARTMENTS, lang)} and {_company(rng, lang)}: joint "
         f"{_pick(rng, MAJORS, lang)} industry college" if lang == EN else
         f"{_pick(rng, DEPARTMENTS, lang)}与{_company(rng, lang)}共建{_pick(rng, MAJORS, lang)}"
         "产业学院")
        for _ in range(rng.randint(2, 7))
    ]
    placements = [
        (f"{name}: {_company(rng, lang)}" if lang == EN else f"{name}（{_company(rng, lang)}）")
        for name in _people(rng, lang, rng.randint(4, 12))
    ]
    quota = [
        (f"{m[lang]} {rng.randint(2, 8) * 20} places" if lang == EN
         else f"{m[lang]}{rng.randint(2, 8) * 20}人")
        for m in rng.sample(MAJORS, rng.randint(3, 8))
    ]
    facts.update(
        year=year, d0=d0, d1=d1, d2=d2, when=d2, docno=rng.randint(3, 99),
        abbr=facts["school"][:2] + "职院", a=rng.randint(2, 9), b=rng.randint(3, 15),
        c=rng.randint(5, 300), dept=dept, phone2=phone2,
        cases1=sep.join(cases[: len(cases) // 3 + 1]), cases2=sep.join(cases[len(cases) // 3 + 1:]),
        topics=sep.join(t[lang] for t in rng.sample(TOPICS, rng.randint(2, 5))),
        road=rng.choice(ROADS if lang == EN else ROADS_ZH),
        email=f"px{rng.randint(100, 999)}@{rng.choice(['163.com', 'qq.com', 'edu.cn'])}",
        contact=_person(rng, lang), phone=f"0{rng.randint(10, 99)}-{rng.randint(10**7, 10**8)}",
        placements=sep.join(placements), quota=sep.join(quota),
        fee=rng.randint(10, 60) * 100, grant=rng.choice([2000, 2300, 3300]),
    )
    title = template["title"][lang].format_map(facts)
    text = [p[lang] for p in template["paragraphs"]]
    for sentence, place in zip(standing, places, strict=True):
        text[place - 1] += _joiner(lang) + sentence[lang]
    return title, [p.format_map(facts) for p in text], day


def _noise(text: str, lang: int, how: int) -> str:
    """What an exact copy's page does to the same text: all folded by the content hash."""
    paragraphs = text.split("\n")
    if how == 1:  # blank lines between paragraphs, trailing spaces
        return "\n\n".join(p + "  " for p in paragraphs)
    if how == 2 and lang == ZH:  # CMS indentation with ideographic spaces
        return "\n".join("\u3000\u3000" + p for p in paragraphs)
    if how == 3:  # full-width digits and Latin letters (NFKC folds them)
        return text.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    return text


_S2T = OpenCC("s2t")


def render(spec: Spec) -> Rendered:
    """The title and text of a planted document (deterministic in its spec)."""
    rng = random.Random(spec.seed)
    lang = spec.lang
    if spec.kind == "notice":
        title, paragraphs, published = _notice(rng, lang, spec.family)
    else:
        school = None
        if spec.kind == "intro":
            intro, school = _intro(spec.family, lang)
        facts = _article_facts(rng, lang, school)
        event = rng.choice(EVENTS)
        count = rng.randint(1, 4) if spec.kind == "intro" else rng.randint(3, 8)
        paragraphs = _news_paragraphs(rng, lang, facts, count, event)
        title, published = _headline(rng, lang, facts, event), facts["published"]
        if spec.kind == "intro":
            # A copy that lost its only own paragraph would be the bare introduction, i.e.
            # no longer this article: cuts then take a paragraph of the introduction.
            keep = 1 if count == 1 else 0
            paragraphs = paragraphs + intro
    for edit in spec.edits:
        if edit[0] == "cut":
            if spec.kind == "intro":
                del paragraphs[keep + edit[1] % (len(paragraphs) - keep)]
            else:
                del paragraphs[edit[1] % len(paragraphs)]
        elif edit[0] == "aggregate":
            paragraphs = aggregate(paragraphs, lang, edit[1])
        elif edit[0] == "add":
            erng = random.Random(spec.seed * 1000 + edit[1])  # not hash(): salted per process
            facts = _article_facts(erng, lang)
            added = _fill(erng, ADDED[edit[1] % len(ADDED)][lang], facts)
            paragraphs = paragraphs + [added] if edit[1] % 2 else [added] + paragraphs
    text = "\n".join(paragraphs)
    if spec.retitle:
        title = _retitle(random.Random(spec.seed + 1), lang, title)
    for edit in spec.edits:
        if edit[0] == "noise":
            text = _noise(text, lang, edit[1])
        elif edit[0] == "s2t":
            text, title = _S2T.convert(text), _S2T.convert(title)
    return Rendered(title, text, published)


def generate(n: int, seed: int = 4, variants: bool = True) -> list[Spec]:
    """About `n` planted documents in crawl order (shuffled: copies may come before originals).

    `variants`: also aggregator rewrites and translations (story_variants; without them, the
    same corpus minus those documents)."""
    rng = random.Random(seed)
    specs: list[Spec] = []
    texts = 0  # exact-text numbers handed out
    sites = [f"site{i:02d}" for i in range(40)]
    # ~15% of documents are intro articles: ~20 of them per school share its introduction;
    # ~8% are notices: ~25 per family share its template. Both scale with the corpus, as
    # a bigger corpus means more schools, not more articles per school.
    schools = max(n // 266, 2)
    offices = max(n // 300, 4)
    story = 0
    while len(specs) < n:
        story += 1
        lang = rng.choice((EN, ZH))
        kind = rng.choices(("news", "intro", "notice"), weights=(70, 18, 12))[0]
        family = rng.randrange(schools if kind == "intro" else offices) * 2 + lang
        base = dict(story=story, kind=kind, lang=lang, seed=rng.getrandbits(48), family=family)
        home = rng.choice(sites)
        elsewhere = [s for s in sites if s != home]

        def plant(variant: str, text: int | None, edits=(), retitle=False, site=None,
                  lang=None, base=base, elsewhere=elsewhere) -> Spec:
            nonlocal texts
            if text is None:  # a text of its own
                texts += 1
                text = texts
            site = site or rng.choice(elsewhere)
            specs.append(Spec(url=f"https://{site}.example.edu.cn/info/{len(specs) + 1}.htm",
                              site=site, exact=text, variant=variant, edits=tuple(edits),
                              retitle=retitle, **(base | {"lang": base["lang"] if lang is None
                                                          else lang})))
            return specs[-1]

        texts += 1
        original = texts
        plant("original", original, site=home)
        # How often a story is reposted; notices and school-intro articles travel less.
        repost = 1.0 if kind == "news" else 0.4
        for _ in range(rng.choices((0, 1, 2, 3), weights=(55, 25, 12, 8))[0]):
            if rng.random() < repost:
                plant("exact", original, [("noise", rng.randrange(4))])
        if lang == ZH and rng.random() < 0.25 * repost:
            plant("traditional", original, [("noise", rng.randrange(4)), ("s2t",)])
        if rng.random() < 0.25 * repost:
            texts += 1
            cut = plant("cut", texts, [("cut", rng.randrange(1, 64))], retitle=True)
            if rng.random() < 0.3:  # the edited copy is itself reposted verbatim
                plant("cut-copy", cut.exact, cut.edits, retitle=True)
        if rng.random() < 0.2 * repost:
            texts += 1
            added = plant("added", texts, [("add", rng.randrange(64))],
                          retitle=rng.random() < 0.5)
            if rng.random() < 0.3:
                plant("added-copy", added.exact, added.edits)
        if variants:
            plant_variants(plant, story, base["seed"], kind, lang, elsewhere)
    specs = specs[:n]
    rng.shuffle(specs)
    return specs


# -- storing through the crawl's write path --------------------------------------------------

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
HTML = "<html><head><title>{t}</title></head><body><h1>{t}</h1>{p}</body></html>"


@dataclass
class Clock:
    """Seconds and calls of one function, timed where the write path calls it."""

    calls: int = 0
    seconds: float = 0.0

    def wrap(self, func: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1
        return timed


@dataclass
class StoreStats:
    documents: int = 0
    seconds: float = 0.0  # save_pages + commit: the crawl's storage cost
    cpu_seconds: float = 0.0  # … in this process's CPU time (steadier on a shared machine)
    render_seconds: float = 0.0  # building the documents (bench only)
    hash: Clock = field(default_factory=Clock)  # content_hash (extraction's share in a crawl)
    shingles: Clock = field(default_factory=Clock)  # inside assign_stories, per document and
    minhash: Clock = field(default_factory=Clock)  # again per out-of-batch candidate verified
    screen: Clock = field(default_factory=Clock)  # stored candidates screened on their sketch
    verify: Clock = field(default_factory=Clock)
    batch_seconds: list[float] = field(default_factory=list)
    batch_rss_mb: list[float] = field(default_factory=list)  # resident set after each batch


def page_item(spec: Spec, stats: StoreStats | None = None) -> PageItem:
    """The crawl's PageItem with the Document extraction would have produced (no HTML parse)."""
    rendered = render(spec)
    traditional = "s2t" in {e[0] for e in spec.edits}
    start = time.perf_counter()
    digest = content_hash(rendered.text)
    if stats:
        stats.hash.seconds += time.perf_counter() - start
        stats.hash.calls += 1
    document = Document(
        url=spec.url, title=rendered.title, text=rendered.text, published=rendered.published,
        author=None, source=None,
        language="en" if spec.lang == EN else ("zh-tw" if traditional else "zh-cn"),
        script="Latn" if spec.lang == EN else ("Hant" if traditional else "Hans"),
        content_hash=digest, declared_encoding="utf-8", used_encoding="utf-8",
        has_replacement_chars=False, extractor_version="bench/dedup",
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in rendered.text.split("\n"))
    body = HTML.format(t=rendered.title, p=paragraphs).encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return PageItem(spec.site, spec.url, spec.url, "article", 200, headers, body, FETCHED,
                    document)


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def store(specs: Sequence[Spec], url: str, batch: int = BATCH,
          progress: Callable[[StoreStats], None] | None = None) -> StoreStats:
    """Save every document with `pages.save_pages`, one transaction per batch like the crawl."""
    stats = StoreStats(documents=len(specs))
    originals = stories.shingles, stories.signature, stories.worth_verifying, story_match.link
    # Time the similarity work where assign_stories does it (names bound in its modules).
    stories.shingles = stats.shingles.wrap(stories.shingles)
    stories.signature = stats.minhash.wrap(stories.signature)
    stories.worth_verifying = stats.screen.wrap(stories.worth_verifying)
    story_match.link = stats.verify.wrap(story_match.link)
    engine = open_database(url)
    try:
        for chunk in _batches(specs, batch):
            start = time.perf_counter()
            items = [page_item(spec, stats) for spec in chunk]
            stats.render_seconds += time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            with session_scope(engine) as session:
                pages.save_pages(session, items, run_id=None)
            stats.batch_seconds.append(time.perf_counter() - start)
            stats.cpu_seconds += time.process_time() - cpu
            stats.batch_rss_mb.append(_current_rss_mb())
            if progress:
                progress(stats)
    finally:
        stories.shingles, stories.signature, stories.worth_verifying, story_match.link = originals
        engine.dispose()
    stats.seconds = sum(stats.batch_seconds)
    return stats


def read_back(url: str) -> dict[str, tuple[int | None, str]]:
    """url -> (story_id, content_hash), in one query."""
    engine = open_database(url, migrate=False)
    try:
        with session_scope(engine) as session:
            return {u: (story, digest) for u, story, digest in documents.story_assignments(session)}
    finally:
        engine.dispose()


# -- scoring ---------------------------------------------------------------------------------

def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class PairScore:
    predicted: int  # pairs the database puts together
    truth: int  # pairs the ground truth puts together
    correct: int  # both

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_score(predicted: Sequence, truth: Sequence) -> PairScore:
    """Pair counts of two labellings of the same documents, without listing the pairs."""
    return PairScore(
        predicted=sum(_pairs(n) for n in Counter(predicted).values()),
        truth=sum(_pairs(n) for n in Counter(truth).values()),
        correct=sum(_pairs(n) for n in Counter(zip(predicted, truth, strict=True)).values()),
    )


def _kind_pairs(members: Counter, kind_of: dict) -> Counter:
    """Pairs of one predicted group that join different true groups, by (kind, kind)."""
    total: Counter = Counter()
    square: Counter = Counter()
    for label, n in members.items():
        total[kind_of[label]] += n
        square[kind_of[label]] += n * n
    out: Counter = Counter()
    kinds = sorted(total)
    for i, a in enumerate(kinds):
        if (same := (total[a] ** 2 - square[a]) // 2):
            out[f"{a}×{a}"] += same
        for b in kinds[i + 1:]:
            out[f"{a}×{b}"] += total[a] * total[b]
    return out


@dataclass
class Quality:
    exact: PairScore
    story: PairScore
    near_only: PairScore  # same story but not the same text: what the LSH has to find
    false_exact: dict[str, int]  # wrongly equal content hashes, by kind pair
    false_merges: dict[str, int]  # wrongly shared stories, by kind pair
    missed_exact: dict[str, int]  # true exact pairs with different hashes, by variant pair
    missed_story: dict[str, int]  # true story pairs in different stories, by variant pair
    truth_story: dict[str, int]  # all true story pairs, by variant pair (the denominators)
    unassigned: int  # documents without a story (must be 0)
    examples: list[dict]  # a few failing pairs (urls, category)


def _variant(spec: Spec) -> str:
    return spec.variant.removesuffix("-copy")


def score(specs: Sequence[Spec], stored: dict[str, tuple[int | None, str]],
          examples: int = 6) -> Quality:
    specs = [s for s in specs if s.url in stored]
    story_id = [stored[s.url][0] for s in specs]
    digest = [stored[s.url][1] for s in specs]
    truth_story = [s.story for s in specs]
    truth_exact = [s.exact for s in specs]
    kind_of_story = {s.story: s.kind for s in specs}
    kind_of_exact = {s.exact: s.kind for s in specs}

    false_exact: Counter = Counter()
    false_merges: Counter = Counter()
    found: list[dict] = []
    for labels, truth, kind_of, sink, level in (
        (digest, truth_exact, kind_of_exact, false_exact, "exact"),
        (story_id, truth_story, kind_of_story, false_merges, "story"),
    ):
        groups: dict = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        for members in groups.values():
            counts = Counter(truth[i] for i in members)
            if len(counts) > 1:
                sink.update(_kind_pairs(counts, kind_of))
                if len(found) < examples:
                    a, b = (next(i for i in members if truth[i] == t) for t in list(counts)[:2])
                    found.append({"level": f"false {level}", "a": specs[a], "b": specs[b]})

    # True pairs are few (stories have at most ~10 copies): list them to name what was missed.
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(specs):
        by_story[s.story].append(i)
    missed_exact: Counter = Counter()
    missed_story: Counter = Counter()
    all_story: Counter = Counter()
    near = PairScore(0, 0, 0)
    for members in by_story.values():
        for a, b in itertools.combinations(members, 2):
            category = "×".join(sorted((_variant(specs[a]), _variant(specs[b]))))
            category += containment_band(category, specs[a], specs[b], _containment)
            all_story[category] += 1
            merged = story_id[a] == story_id[b] and story_id[a] is not None
            if truth_exact[a] == truth_exact[b]:
                if digest[a] != digest[b]:
                    missed_exact[category] += 1
                    if len(found) < examples * 2:
                        found.append({"level": "missed exact", "a": specs[a], "b": specs[b]})
            else:
                near.truth += 1
                near.correct += merged
            if not merged:
                missed_story[category] += 1
                if len(found) < examples * 2:
                    found.append({"level": "missed story", "a": specs[a], "b": specs[b]})
    story = pair_score(story_id, truth_story)
    near.predicted = near.correct + story.predicted - story.correct  # + every false merge
    return Quality(
        exact=pair_score(digest, truth_exact), story=story, near_only=near,
        false_exact=dict(false_exact), false_merges=dict(false_merges),
        missed_exact=dict(missed_exact), missed_story=dict(missed_story),
        truth_story=dict(all_story), unassigned=sum(s is None for s in story_id),
        examples=[_describe(e) for e in found],
    )


@cache
def _containment(a: Spec, b: Spec) -> float:
    return similarity.overlap(similarity.shingles(render(a).text),
                              similarity.shingles(render(b).text))[1]


def pair_similarity(a: str, b: str) -> dict:
    """What same_story sees for two texts: Jaccard, containment, length ratio, verdict."""
    sa_, sb = similarity.shingles(a), similarity.shingles(b)
    jaccard, containment, length_ratio = similarity.overlap(sa_, sb)
    return {
        "jaccard": round(jaccard, 3),
        "containment": round(containment, 3),
        "length_ratio": round(length_ratio, 3),
        "same_story": round(similarity.same_story(sa_, sb), 3),
        "normalised_equal": normalise(a) == normalise(b),
    }


def _describe(example: dict) -> dict:
    a, b = example["a"], example["b"]
    return {"level": example["level"], "a": a.url, "b": b.url,
            "variants": f"{a.kind}/{a.variant} vs {b.kind}/{b.variant}",
            **pair_similarity(render(a).text, render(b).text)}


# -- the in-memory part alone, and the similarity margins ------------------------------------

def in_memory(specs: Sequence[Spec], limit: int = 10_000) -> dict:
    """shingles + band_keys per document, without the database (a sample of `limit`)."""
    texts = [render(s).text for s in specs[:limit]]
    start = time.perf_counter()
    sets = [similarity.shingles(t) for t in texts]
    shingled = time.perf_counter()
    for s in sets:
        similarity.band_keys(similarity.signature(s))
    done = time.perf_counter()
    n = len(texts)
    return {"documents": n, "shingles_ms": 1000 * (shingled - start) / n,
            "band_keys_ms": 1000 * (done - shingled) / n,
            "mean_shingles": sum(map(len, sets)) / n}


def margins(specs: Sequence[Spec], limit: int = 10_000) -> dict:
    """How close the closest distinct pairs come, and how far the farthest true pairs fall.

    Candidate pairs are found the way the database does (documents sharing an LSH band key),
    within a sample; each is scored with the same functions assign_stories uses.
    """
    sample = list(specs[:limit])
    sets = [similarity.shingles(render(s).text) for s in sample]
    index: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for key in set(similarity.band_keys(similarity.signature(s))):
            index[key].append(i)
    pairs = {(a, b) for docs in index.values() for a, b in itertools.combinations(docs, 2)}
    distinct: dict[str, dict] = {}
    true_near: dict[str, dict] = {}
    for a, b in pairs:
        sa_, sb = sets[a], sets[b]
        jaccard, containment, length_ratio = similarity.overlap(sa_, sb)
        verdict = similarity.same_story(sa_, sb) > 0
        if sample[a].story != sample[b].story:
            key = "×".join(sorted((sample[a].kind, sample[b].kind)))
            row = distinct.setdefault(key, {"pairs": 0, "max_jaccard": 0.0,
                                            "max_containment": 0.0, "would_merge": 0})
            row["pairs"] += 1
            row["max_jaccard"] = max(row["max_jaccard"], round(jaccard, 3))
            if length_ratio >= similarity.MIN_LENGTH_RATIO:
                row["max_containment"] = max(row["max_containment"], round(containment, 3))
            row["would_merge"] += verdict
        elif sample[a].exact != sample[b].exact:
            key = "×".join(sorted((_variant(sample[a]), _variant(sample[b]))))
            row = true_near.setdefault(key, {"pairs": 0, "min_score": 1.0, "rejected": 0})
            row["pairs"] += 1
            score_ = max(jaccard if jaccard >= similarity.JACCARD else 0,
                         containment if length_ratio >= similarity.MIN_LENGTH_RATIO else 0)
            row["min_score"] = min(row["min_score"], round(score_, 3))
            row["rejected"] += not verdict
    # True near pairs that never shared a band are LSH misses, invisible above: count them.
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sample):
        by_story[s.story].append(i)
    lsh_missed = sum(
        1 for members in by_story.values() for a, b in itertools.combinations(members, 2)
        if sample[a].exact != sample[b].exact and (a, b) not in pairs and (b, a) not in pairs
    )
    return {"documents": len(sample), "candidate_pairs": len(pairs), "distinct": distinct,
            "true_near": true_near, "true_near_never_candidates": lsh_missed}


# -- one size, in its own process ------------------------------------------------------------

def _rss_mb() -> float:
    """Peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    """Resident set now: whether memory keeps climbing batch after batch."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _prepare(url: str | None, n: int, workdir: Path) -> str:
    """A fresh, empty database for one size."""
    if url is None:
        url = f"sqlite:///{workdir / f'dedup-{n}.db'}"
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg  # PostgreSQL only: recreate the (scratch) database

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name and "test" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain "
                         "'bench' or 'test'")
    admin = url.replace("+psycopg", "", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _db_bytes(url: str) -> int:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        return sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal")
                   if os.path.exists(f"{path}{s}"))
    import psycopg

    plain = url.replace("+psycopg", "", 1)
    with psycopg.connect(plain) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def run_one(n: int, seed: int, url: str | None, workdir: Path, batch: int = BATCH,
            with_margins: bool = False, variants: bool = True) -> dict:
    rss_start = _rss_mb()
    specs = generate(n, seed, variants)
    url = _prepare(url, n, workdir)
    rss_before = _rss_mb()
    every = max(n // batch // 20, 1)  # batches between progress lines

    def progress(stats: StoreStats) -> None:
        # Timings as the run goes, so an interrupted run still shows how cost grows.
        done = len(stats.batch_seconds)
        if done % every == 0:
            recent = stats.batch_seconds[-every:]
            print(f"  [{n:,}] stored {min(done * batch, n):,}: {sum(stats.batch_seconds):.0f} s, "
                  f"last {len(recent) * batch} at {1000 * sum(recent) / (len(recent) * batch):.1f}"
                  f" ms/doc, {stats.verify.calls:,} verifications, {stats.shingles.calls:,} "
                  f"shingle sets, RSS {stats.batch_rss_mb[-1]:.0f} MB", file=sys.stderr,
                  flush=True)

    stats = store(specs, url, batch, progress)
    rss_store_peak = _rss_mb()
    stored = read_back(url)
    rss_peak = _rss_mb()
    quality = score(specs, stored)
    result = {
        "n": n, "seed": seed, "batch": batch, "backend": url.split(":", 1)[0],
        "store_seconds": stats.seconds, "render_seconds": stats.render_seconds,
        "store_cpu_seconds": stats.cpu_seconds,
        "hash": asdict(stats.hash), "shingles": asdict(stats.shingles),
        "minhash": asdict(stats.minhash), "screen": asdict(stats.screen),
        "verify": asdict(stats.verify),
        "first_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[:4]) / (4 * batch),
        "last_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[-4:]) / (4 * batch),
        "rss_start_mb": rss_start, "rss_before_store_mb": rss_before, "rss_peak_mb": rss_peak,
        "rss_store_peak_mb": rss_store_peak,
        "rss_first_batch_mb": stats.batch_rss_mb[0], "rss_last_batch_mb": stats.batch_rss_mb[-1],
        "db_bytes": _db_bytes(url),
        "quality": _quality_dict(quality),
        "in_memory": in_memory(specs),
        "variants": dict(Counter(s.variant for s in specs)),
        "kinds": dict(Counter(s.kind for s in specs)),
    }
    if with_margins:
        result["margins"] = margins(specs)
    return result


def _store_rss(r: dict) -> float:
    """Memory the write path added: peak while storing minus before (older JSON: whole peak)."""
    return r.get("rss_store_peak_mb", r["rss_peak_mb"]) - r["rss_before_store_mb"]


def _quality_dict(q: Quality) -> dict:
    out = asdict(q)
    for name in ("exact", "story", "near_only"):
        score_ = getattr(q, name)
        out[name].update(precision=score_.precision, recall=score_.recall, f1=score_.f1)
    return out


# -- the report ------------------------------------------------------------------------------

def _per10k(value: float, n: int) -> float:
    return value * 10_000 / n


def report(results: list[dict]) -> None:
    first = results[0]
    print("\n== Quality: pairs (precision / recall / F1); targets recall >= 0.95, no false merge")
    print(f"{'docs':>8} {'exact P':>8} {'exact R':>8} {'exact F1':>8} {'story P':>8} "
          f"{'story R':>8} {'story F1':>8} {'near R':>7} {'true pairs':>10} "
          f"{'false merges':>12} {'no story':>8}")
    for r in results:
        q = r["quality"]
        print(f"{r['n']:>8,} {q['exact']['precision']:>8.4f} {q['exact']['recall']:>8.4f} "
              f"{q['exact']['f1']:>8.4f} {q['story']['precision']:>8.4f} "
              f"{q['story']['recall']:>8.4f} {q['story']['f1']:>8.4f} "
              f"{q['near_only']['recall']:>7.4f} {q['story']['truth']:>10,} "
              f"{sum(q['false_merges'].values()):>12,} {q['unassigned']:>8}")
    print("  exact = equal content_hash vs same planted text; story = same story_id vs same "
          "planted story;\n  near R = recall on the story pairs whose texts differ "
          "(cut/added copies: what the LSH must find)")

    for r in results:
        q = r["quality"]
        print(f"\n-- {r['n']:,} documents: pairs by planted category "
              "(missed story / total, missed exact)")
        for category, total in sorted(q["truth_story"].items()):
            print(f"  {category:<24} {q['missed_story'].get(category, 0):>6} / {total:<7,} "
                  f"exact missed {q['missed_exact'].get(category, 0)}")
        print("  by pair type (recall, missed / total):")
        for kind, (missed, total) in by_pair_type(q["truth_story"], q["missed_story"]).items():
            print(f"    {kind:<30} {1 - missed / total:.4f}  {missed:>6} / {total:,}")
        merges = q["false_merges"] or {"(none)": 0}
        print("  false merges (pairs of distinct stories in one story_id), by kind: "
              + ", ".join(f"{k} {v}" for k, v in sorted(merges.items())))
        if q["false_exact"]:
            print("  false exact (distinct texts with one hash): " + ", ".join(
                f"{k} {v}" for k, v in sorted(q["false_exact"].items())))
        for e in q["examples"][:6]:
            print(f"  e.g. {e['level']}: {e['variants']}  J={e['jaccard']} C={e['containment']} "
                  f"len={e['length_ratio']} same_story={e['same_story']} "
                  f"normalised_equal={e['normalised_equal']}")

    print("\n== Cost of the write path (save_pages: content-hash linking + LSH story "
          "assignment), per size")
    print(f"{'docs':>8} {'store s':>8} {'s/10k':>7} {'docs/s':>7} {'shingle s':>9} "
          f"{'(calls)':>9} {'minhash s':>9} {'screened':>9} {'verify s':>8} {'(calls)':>9} "
          f"{'DB+rest s':>9} "
          f"{'ms/doc first':>12} {'last':>6} {'RSS MB':>7} {'+store MB':>9} {'climb MB':>8} "
          f"{'DB MB':>7} {'DB MB/10k':>9}")
    for r in results:
        n, s = r["n"], r["store_seconds"]
        screen = r.get("screen", {"calls": 0, "seconds": 0.0})
        similarity_s = (r["shingles"]["seconds"] + r["minhash"]["seconds"]
                        + screen["seconds"] + r["verify"]["seconds"])
        print(f"{n:>8,} {s:>8.1f} {_per10k(s, n):>7.1f} {n / s:>7.0f} "
              f"{r['shingles']['seconds']:>9.1f} {r['shingles']['calls']:>9,} "
              f"{r['minhash']['seconds']:>9.1f} {screen['calls']:>9,} "
              f"{r['verify']['seconds']:>8.1f} "
              f"{r['verify']['calls']:>9,} {s - similarity_s:>9.1f} "
              f"{r['first_batches_ms_per_doc']:>12.2f} {r['last_batches_ms_per_doc']:>6.2f} "
              f"{r['rss_peak_mb']:>7.0f} {_store_rss(r):>9.0f} "
              f"{r['rss_last_batch_mb'] - r['rss_first_batch_mb']:>8.0f} "
              f"{r['db_bytes'] / 2**20:>7.1f} {_per10k(r['db_bytes'] / 2**20, n):>9.1f}")
    print("  screened: stored candidates checked on their MinHash sketch before being fetched;\n"
          "  shingle calls beyond the document count are out-of-batch candidates re-shingled "
          "for verification;\n  ms/doc first/last: the first and last 4 batches (growth within "
          "one run);\n  RSS MB: peak of the whole child (corpus generation and scoring included); "
          "+store MB: peak while storing minus RSS before storing;\n  climb MB: resident set "
          "after the last batch minus after the first (what grows with the stored corpus)")
    for r in results:
        if "store_cpu_seconds" in r:
            print(f"  {r['n']:,}: store CPU {r['store_cpu_seconds']:.1f} s, "
                  f"{_per10k(r['store_cpu_seconds'], r['n']):.1f} s per 10k (this process)")
    print(f"  outside the write path (extraction's share in a crawl): content_hash "
          f"{1000 * first['hash']['seconds'] / first['hash']['calls']:.2f} ms/doc")

    print("\n== In memory alone (no database): per document, over a sample")
    for r in results:
        m = r["in_memory"]
        total = m["shingles_ms"] + m["band_keys_ms"]
        print(f"{r['n']:>8,}: shingles {m['shingles_ms']:.2f} ms + band_keys "
              f"{m['band_keys_ms']:.2f} ms = {total:.2f} ms/doc, {total * 10:.1f} s per 10k "
              f"(sample {m['documents']:,}, {m['mean_shingles']:.0f} shingles/doc)")

    if len(results) > 1:
        print(f"\n== Growth from {first['n']:,} (ratio of the per-10k figure; 1.0 = linear)")
        for r in results[1:]:
            t = _per10k(r["store_seconds"], r["n"]) / _per10k(first["store_seconds"], first["n"])
            v = (r["verify"]["calls"] / r["n"]) / max(first["verify"]["calls"] / first["n"], 1e-9)
            rss = _store_rss(r) / max(_store_rss(first), 1e-9)
            db = _per10k(r["db_bytes"], r["n"]) / _per10k(first["db_bytes"], first["n"])
            print(f"  {r['n']:>8,}: time/10k x{t:.2f}  verifications/doc x{v:.2f}  "
                  f"store RSS x{rss:.2f} ({_store_rss(r):.0f} vs {_store_rss(first):.0f} MB)  "
                  f"DB/10k x{db:.2f}")

    for r in results:
        if "margins" in r:
            m = r["margins"]
            print(f"\n== Similarity margins ({m['documents']:,}-document sample of the "
                  f"{r['n']:,} run, {m['candidate_pairs']:,} LSH candidate pairs)")
            print(f"  thresholds: JACCARD {similarity.JACCARD}, CONTAINMENT "
                  f"{similarity.CONTAINMENT} when length ratio >= {similarity.MIN_LENGTH_RATIO}")
            for kind, row in sorted(m["distinct"].items()):
                print(f"  distinct {kind:<14} {row['pairs']:>8,} candidate pairs, max Jaccard "
                      f"{row['max_jaccard']:.3f}, max containment {row['max_containment']:.3f}"
                      f", would merge {row['would_merge']}")
            for kind, row in sorted(m["true_near"].items()):
                print(f"  true near {kind:<20} {row['pairs']:>6,} pairs, lowest score "
                      f"{row['min_score']:.3f}, rejected {row['rejected']}")
            print(f"  true near pairs that shared no band: {m['true_near_never_candidates']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="comma-separated corpus sizes (default: 10k, 30k, 100k up to --max)")
    parser.add_argument("--max", type=int, default=100_000, help="largest size of the series")
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 documents")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--batch", type=int, default=BATCH, help="pages per save_pages call")
    parser.add_argument("--db", help="SQLAlchemy URL of a scratch database, recreated per size "
                        "(default: a fresh SQLite file per size in a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--no-variants", dest="variants", action="store_false",
                        help="without aggregator rewrites and translations (the same corpus "
                        "minus those: to compare the cost with code that predates them)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--margins", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:  # in a child process: one size, figures as JSON on stdout
        result = run_one(args.one, args.seed, args.db, args.workdir, args.batch, args.margins,
                         args.variants)
        print(json.dumps(result, default=str))
        return 0

    sizes = args.sizes or ([500, 2000] if args.quick else [s for s in GROWTH if s <= args.max])
    workdir = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    results = []
    try:
        for i, n in enumerate(sizes):
            print(f"running {n:,} documents ...", file=sys.stderr, flush=True)
            command = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed),
                       "--batch", str(args.batch), "--workdir", str(workdir)]
            command += ["--db", args.db] if args.db else []
            command += ["--margins"] if i == 0 else []
            command += [] if args.variants else ["--no-variants"]
            started = time.perf_counter()
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if args.keep:
            print(f"databases kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"dedup benchmark: seed {args.seed}, batch {args.batch}, "
          f"{results[0]['backend']}, sizes {', '.join(f'{n:,}' for n in sizes)}")
    mix = results[-1]
    print(f"largest corpus: {mix['kinds']} ; copies {mix['variants']}")
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
